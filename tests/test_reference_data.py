import pytest

from articles.models import Agency, Region

pytestmark = pytest.mark.django_db

SAMPLE_AGENCIES = {
    "adilet": None,
    "enbek": None,
    "mps": None,
    "mam": None,
    "ontustik": "turkestan",
    "aktobe": "aktobe",
    "abay": "abay",
}


def test_twenty_regions_with_three_names_each():
    regions = Region.objects.all()
    assert regions.count() == 20
    assert regions.filter(kind="city").count() == 3
    for region in regions:
        assert region.name_kk and region.name_ru and region.name_en, region.slug
    assert set(Region.objects.filter(kind="city").values_list("slug", flat=True)) == {"astana", "almaty", "shymkent"}


@pytest.mark.parametrize(("slug", "region"), SAMPLE_AGENCIES.items())
def test_every_sample_agency_is_shipped_with_its_region(slug, region):
    agency = Agency.objects.get(slug=slug)
    assert (agency.region.slug if agency.region else None) == region
    assert agency.name_kk and agency.name_ru and agency.name_en
    assert not agency.needs_review
    assert agency.kind == ("akimat" if region else "ministry")


def test_every_akimat_belongs_to_a_region_and_ministries_to_none():
    assert not Agency.objects.filter(kind="akimat", region=None).exists()
    assert not Agency.objects.filter(kind="ministry").exclude(region=None).exists()


@pytest.mark.parametrize(("slug", "region"), [("sko", "north-kazakhstan"), ("akimvko", "east-kazakhstan"),
                                              ("bko", "west-kazakhstan"), ("aqmola", "akmola"), ("astana", "astana"),
                                              ("almobl", "almaty-region")])
def test_akimat_slugs_that_differ_from_region_names(slug, region):
    assert Agency.objects.get(slug=slug).region.slug == region


def test_central_ministries_are_shipped():
    assert {"minfin", "mfa", "qriim", "dsm", "economy", "edu", "moa", "energo"} <= set(
        Agency.objects.filter(kind="ministry").values_list("slug", flat=True))
    akimat_regions = set(Agency.objects.filter(kind="akimat").values_list("region__slug", flat=True))
    # The Zhetysu region akimat's slug could not be established from public links.
    assert set(Region.objects.values_list("slug", flat=True)) - akimat_regions == {"zhetysu"}
