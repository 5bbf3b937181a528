"""The admin's language per user: chosen in the header, kept on the user (so it follows them to another browser)
as well as in Django's language cookie, and applied to every admin page they open. It is read once, at login, into
the session: admin pages pay no query for it."""

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import translation
from django.views.i18n import set_language

from ..models import StaffPreference

LANGUAGES = {code for code, _ in settings.LANGUAGES}
SESSION_KEY = "kzpress_admin_language"


@receiver(user_logged_in)
def _remember_at_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = (
            StaffPreference.objects.filter(user=user).values_list("language", flat=True).first() or "")


def set_admin_language(request):
    """Django's ``set_language``, remembering the choice on the logged-in user."""
    response = set_language(request)
    language = request.POST.get("language")
    user = request.user
    if request.method == "POST" and language in LANGUAGES and user.is_authenticated and user.is_staff:
        StaffPreference.objects.update_or_create(user=user, defaults={"language": language})
        request.session[SESSION_KEY] = language
    return response


class StaffLanguageMiddleware:
    """On admin pages, a logged-in user's own language wins over the browser's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if request.path.startswith("/admin/") and session is not None:
            language = session.get(SESSION_KEY)
            if language in LANGUAGES:
                translation.activate(language)
                request.LANGUAGE_CODE = language
        return self.get_response(request)
