from django.conf import settings
from django.urls import translate_url
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, override

from ..links import url


def alternates(request):
    """The site's languages by their own names, and the current page in every language: (code, name, URL), for
    the switcher and hreflang links; worked out only if the page uses it (an article page names its own versions
    instead). An address with nothing behind it (a 404) switches to that language's home. The filters go along;
    the search words (typed in this language) and the page number (another language has other pages) do not."""
    current = get_language()
    kept = request.GET.copy()
    for name in ("q", "page"):
        kept.pop(name, None)
    path = request.path + (f"?{kept.urlencode()}" if kept else "")
    return {
        # Each language by its own name ("English" in the Kazakh admin too: {% get_available_languages %} would
        # translate it).
        "site_languages": settings.LANGUAGES,
        "alternates": SimpleLazyObject(lambda: [
            (code, name, switched(path, current, code)) for code, name in settings.LANGUAGES if code != current
        ])
    }


def switched(path, current, code):
    translated = translate_url(path, code)
    if translated == path and path.startswith(f"/{current}/"):
        with override(code):
            return url("home")
    return translated
