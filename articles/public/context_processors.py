from django.conf import settings
from django.urls import translate_url
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, override

from ..links import url


def alternates(request):
    """The site's languages by their own names, and the current page in every language: (code, name, URL), for
    the switcher and hreflang links; worked out only if the page uses it (an article page names its own versions
    instead). An address with nothing behind it (a 404) switches to that language's home."""
    current = get_language()
    path = request.get_full_path()
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
