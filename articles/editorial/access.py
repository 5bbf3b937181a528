"""
Who may see and do what: roles (groups) and per-agency access.

Four groups, created by a migration (``sync_groups``):

- Agency editor: creates releases and edits drafts of the agencies they belong to,
  submits them for review;
- Translator: edits language versions only (the translation desk);
- Publisher: reviews, schedules, publishes, withdraws and unpublishes for their agencies,
  and corrects released articles;
- Administrator: everything, for every agency; manages users, agencies, regions and the glossary.

A user belongs to agencies through ``Agency.members``. Everything an admin screen shows or
changes goes through ``articles_for(user)``; an article outside it is answered with 404.
"""

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied

EDITOR, TRANSLATOR, PUBLISHER, ADMINISTRATOR = "Agency editor", "Translator", "Publisher", "Administrator"

_READ = ["articles.view_article", "articles.view_articletranslation", "articles.view_agency",
         "articles.view_region", "articles.view_term"]
_VERSIONS = ["articles.add_articletranslation", "articles.change_articletranslation"]
GROUPS = {
    EDITOR: [*_READ, *_VERSIONS, "articles.add_article", "articles.change_article"],
    TRANSLATOR: [*_READ, *_VERSIONS],
    PUBLISHER: [*_READ, *_VERSIONS, "articles.add_article", "articles.change_article", "articles.publish_article"],
    ADMINISTRATOR: ["articles.*", "auth.*", "admin.view_logentry"],
}

# Who may perform each workflow action (see articles.editorial.workflow.TRANSITIONS).
ACTION_PERMISSIONS = {
    "submit": "articles.change_article",
    "return_to_draft": "articles.change_article",
    "publish": "articles.publish_article",
    "schedule": "articles.publish_article",
    "withdraw": "articles.publish_article",
    "unpublish": "articles.publish_article",
}


def sync_groups(permission_model=Permission, group_model=Group):
    """Create the four groups and give each exactly its permissions (run by a migration; safe to rerun)."""
    for name, codes in GROUPS.items():
        group, _ = group_model.objects.get_or_create(name=name)
        wanted = []
        for code in codes:
            app_label, codename = code.split(".")
            found = permission_model.objects.filter(content_type__app_label=app_label)
            wanted += list(found if codename == "*" else found.filter(codename=codename))
        group.permissions.set(wanted)


def sees_all_agencies(user):
    return user.is_active and (user.is_superuser or user.has_perm("articles.access_all_agencies"))


def agency_ids(user):
    """The ids of the agencies ``user`` works for (cached on the user object for the request)."""
    if not hasattr(user, "_kzpress_agency_ids"):
        user._kzpress_agency_ids = frozenset(user.agencies.values_list("pk", flat=True)) if user.pk else frozenset()
    return user._kzpress_agency_ids


def articles_for(user, queryset=None):
    """The articles ``user`` may see in the admin: every one for administrators, their agencies' otherwise."""
    from ..models import Article

    queryset = Article.objects.all() if queryset is None else queryset
    if not user.is_authenticated or not user.is_active or not user.is_staff:
        return queryset.none()
    if sees_all_agencies(user):
        return queryset
    return queryset.filter(agency_id__in=agency_ids(user))


def agencies_for(user, queryset=None):
    from ..models import Agency

    queryset = Agency.objects.all() if queryset is None else queryset
    if sees_all_agencies(user):
        return queryset
    return queryset.filter(pk__in=agency_ids(user))


def in_scope(user, article):
    return user.is_active and user.is_staff and (sees_all_agencies(user) or article.agency_id in agency_ids(user))


def can_edit_article(user, article=None):
    """Change the article's own fields: publishers in any state, agency editors while it is a draft."""
    if not user.has_perm("articles.change_article"):
        return False
    if article is None:
        return True
    if not in_scope(user, article):
        return False
    return user.has_perm("articles.publish_article") or article.status == article.Status.DRAFT


def can_edit_versions(user, article=None):
    """Edit language versions (translation desk, glossary replacements, text repair)."""
    return user.has_perm("articles.change_articletranslation") and (article is None or in_scope(user, article))


def can_approve_version(user, article):
    """Approving a version of a release that is (or will be) public is publishing it: publishers only."""
    if not can_edit_versions(user, article):
        return False
    return user.has_perm("articles.publish_article") or article.status in (
        article.Status.DRAFT, article.Status.IN_REVIEW,
    )


def can_transition(user, action, article):
    if user is None:  # the system itself (publish_scheduled)
        return True
    if not (in_scope(user, article) and user.has_perm(ACTION_PERMISSIONS[action])):
        return False
    return True


def check_transition(user, action, article):
    if not can_transition(user, action, article):
        raise PermissionDenied(f"{user} may not {action.replace('_', ' ')} {article}")


def can_import_for(user):
    """The agency slugs ``user`` may import releases for; None means every agency (and new ones)."""
    from ..models import Agency

    if sees_all_agencies(user):
        return None
    return frozenset(Agency.objects.filter(pk__in=agency_ids(user)).values_list("slug", flat=True))
