"""Load the shipped regions and agencies (``reference_data``) into the database."""

from . import reference_data


def load_reference_data(region_model, agency_model, using="default"):
    """Create or update every shipped region and agency; returns (regions, agencies) counts.

    Takes the model classes so that a data migration can pass its historical models.
    Editors' changes to names are overwritten only for shipped rows, never deleted.
    """
    regions = {}
    for slug, kind, name_en, name_ru, name_kk in reference_data.REGIONS:
        regions[slug], _ = region_model.objects.using(using).update_or_create(
            slug=slug, defaults={"kind": kind, "name_en": name_en, "name_ru": name_ru, "name_kk": name_kk}
        )
    for entry in reference_data.AGENCIES:
        fields = {key: entry[key] for key in ("kind", "name_en", "name_ru", "name_kk")}
        fields["region"] = regions[entry["region"]] if entry.get("region") else None
        fields["needs_review"] = False
        agency_model.objects.using(using).update_or_create(slug=entry["slug"], defaults=fields)
    return len(reference_data.REGIONS), len(reference_data.AGENCIES)
