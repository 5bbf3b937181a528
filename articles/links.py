"""Reversed URLs, remembered: a public page names the same few URLs on every render (home, news, its feeds), and
reversing one costs more than rendering a list row. Keyed by everything ``reverse`` depends on."""

import functools

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation


def url(name, *args):
    """``reverse(name, args=args)`` in the active language."""
    return _reverse(name, args, translation.get_language(), get_script_prefix(), get_urlconf())


@functools.lru_cache(maxsize=4096)
def _reverse(name, args, language, script_prefix, urlconf):
    return reverse(name, args=args or None, urlconf=urlconf)
