"""The editors' admin: one module per screen. Importing the package registers every ModelAdmin."""

from django.contrib import admin  # noqa: E402
from django.shortcuts import redirect  # noqa: E402

from ..collation import sort_key  # noqa: E402
from ..editorial import access  # noqa: E402
from ..public import changes  # noqa: E402
from .alerts import SubscriptionAdmin  # noqa: F401 - registers the readers' email alerts
from .batches import ImportBatchAdmin  # noqa: F401 - registers the import batches
from .machine_drafts import MachineDraftJobAdmin  # noqa: F401 - registers the machine draft jobs
from .releases import ArticleAdmin  # noqa: F401 - registers the article, agency, region and staff admins
from .site_pages import SitePageAdmin  # noqa: F401 - registers the footer's pages
from .terminology import TermAdmin  # noqa: F401 - registers the glossary admin

_admin_index = admin.site.index


def _desk_first(request, extra_context=None):
    """Editors and translators land on the translation desk, where their work is; administrators keep the index
    (and anyone reaches it with ``?all``)."""
    user = request.user
    if (user.is_active and user.is_staff and "all" not in request.GET and not access.sees_all_agencies(user)
            and access.can_edit_versions(user)):
        return redirect("admin:articles_article_desk")
    return _admin_index(request, {**(extra_context or {}), "waiting_tasks": changes.waiting_tasks()})


admin.site.index = _desk_first


def _alphabetical_app_list(request, app_label=None):
    """Django's list of sections and their models, in the alphabetical order of the admin's language: Python's
    order of code points puts Kazakh letters (Ә, Ө, Ү, Қ …) after Я."""
    app_list = _build_app_list(request, app_label)
    app_list.sort(key=lambda app: sort_key(str(app["name"])))
    for app in app_list:
        app["models"].sort(key=lambda model: sort_key(str(model["name"])))
    return app_list


_build_app_list = admin.site.get_app_list
admin.site.get_app_list = _alphabetical_app_list
