"""articles.links: remembered URLs are the ones reverse() gives, per language and script prefix."""

from django.urls import reverse, set_script_prefix
from django.utils import translation

from articles.links import url


def test_remembered_urls_follow_the_language_and_the_script_prefix():
    for language in ("kk", "ru", "en"):
        with translation.override(language):
            assert url("news") == reverse("news") == f"/{language}/news/"
            assert url("agency-feed-rss", "adilet") == reverse("agency-feed-rss", args=["adilet"])
    set_script_prefix("/press/")
    try:
        with translation.override("en"):
            assert url("news") == "/press/en/news/"
    finally:
        set_script_prefix("/")
    with translation.override("en"):
        assert url("news") == "/en/news/"
