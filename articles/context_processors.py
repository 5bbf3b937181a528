from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language


def alternates(request):
    """The current page in every language: (code, name, URL), for the switcher and hreflang links."""
    current = get_language()
    path = request.get_full_path()
    return {
        "alternates": [
            (code, name, translate_url(path, code)) for code, name in settings.LANGUAGES if code != current
        ]
    }
