from django.conf import settings
from django.urls import translate_url
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language


def alternates(request):
    """The current page in every language: (code, name, URL), for the switcher and hreflang links; worked out only
    if the page uses it (an article page names its own versions instead)."""
    current = get_language()
    path = request.get_full_path()
    return {
        "alternates": SimpleLazyObject(lambda: [
            (code, name, translate_url(path, code)) for code, name in settings.LANGUAGES if code != current
        ])
    }
