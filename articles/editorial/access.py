"""
Who may see and do what: roles (groups) and per-agency access.

Five groups, created by migrations (``sync_groups``):

- Agency editor: creates releases and edits drafts of the agencies they belong to,
  submits them for review;
- Translator: edits and submits the language versions of their languages only (the translation desk);
- Reviewer: a translator who also approves the versions of their languages (of releases not yet public);
- Publisher: reviews, schedules, publishes, withdraws and unpublishes for their agencies,
  and corrects released articles;
- Administrator: everything, for every agency; manages users, agencies, regions and the glossary.

A translator's or reviewer's languages are ``TranslatorLanguage`` rows (set on the user's admin page); without
any they edit no version. Editors, publishers and administrators work in every language.

A user belongs to agencies through ``Agency.members``. Everything an admin screen shows or
changes goes through ``articles_for(user)``; an article outside it is answered with 404.
"""

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext, gettext_lazy

EDITOR, TRANSLATOR, PUBLISHER, ADMINISTRATOR = "Agency editor", "Translator", "Publisher", "Administrator"
REVIEWER = "Reviewer"
# The roles as the admin names them in the user's language (the groups keep these English names in the database).
ROLE_LABELS = {
    EDITOR: gettext_lazy("Agency editor"),
    TRANSLATOR: gettext_lazy("Translator"),
    REVIEWER: gettext_lazy("Reviewer"),
    PUBLISHER: gettext_lazy("Publisher"),
    ADMINISTRATOR: gettext_lazy("Administrator"),
}


def role_label(name):
    """A role's (a group's) name in the active language; another group's name as it is."""
    return str(ROLE_LABELS.get(name, name))


# Django names the permissions it makes "Can add <model>" in English, and stores the name. Shown in the admin's
# language, they read "Добавление: пользователь", the model's name in its own translation.
PERMISSION_ACTIONS = {
    "add": gettext_lazy("Can add %(name)s"),
    "change": gettext_lazy("Can change %(name)s"),
    "delete": gettext_lazy("Can delete %(name)s"),
    "view": gettext_lazy("Can view %(name)s"),
}


def permission_label(permission):
    """A permission as the admin lists it ("app | model | what it allows"), in the active language: Django's own
    ones by their action and the model's name, the others (``Meta.permissions``) by their name's translation."""
    model = permission.content_type.model_class()
    if model is None:  # a stale content type: no model to name
        return str(permission)
    action, _, model_name = permission.codename.partition("_")
    if action in PERMISSION_ACTIONS and model_name == model._meta.model_name:
        name = PERMISSION_ACTIONS[action] % {"name": model_label(model)}
    else:
        name = gettext(permission.name)
    return f"{model._meta.app_config.verbose_name} | {model_label(model)} | {name}"


def model_label(model):
    """A model's name in the active language; django-simple-history's copies ("historical …", a name it does not
    offer for translation) as the history of their model."""
    recorded = getattr(model, "instance_type", None)  # the model a historical model records
    if recorded is not None and model._meta.model_name == f"historical{recorded._meta.model_name}":
        return gettext("%(name)s (history)") % {"name": recorded._meta.verbose_name}
    return model._meta.verbose_name

_READ = ["articles.view_article", "articles.view_articletranslation", "articles.view_agency",
         "articles.view_region", "articles.view_term"]
_VERSIONS = ["articles.add_articletranslation", "articles.change_articletranslation"]
GROUPS = {
    EDITOR: [*_READ, *_VERSIONS, "articles.add_article", "articles.change_article"],
    TRANSLATOR: [*_READ, *_VERSIONS],
    REVIEWER: [*_READ, *_VERSIONS],
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


def sync_groups(permission_model=Permission, group_model=Group, using="default"):
    """Create the four groups and give each exactly its permissions (run by a migration; safe to rerun)."""
    for name, codes in GROUPS.items():
        group, _ = group_model.objects.using(using).get_or_create(name=name)
        wanted = []
        for code in codes:
            app_label, codename = code.split(".")
            found = permission_model.objects.using(using).filter(content_type__app_label=app_label)
            wanted += list(found if codename == "*" else found.filter(codename=codename))
        # Through the join table on ``using``: the router sends every write to the primary, related managers too.
        links = group_model.permissions.through.objects.using(using)
        links.filter(group=group).exclude(permission__in=wanted).delete()
        have = set(links.filter(group=group).values_list("permission_id", flat=True))
        links.bulk_create([links.model(group=group, permission=p) for p in dict.fromkeys(wanted) if p.pk not in have])


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


def limited_by_language(user):
    """Translators and reviewers work in their languages only; whoever may change articles works in all."""
    return not (user.is_superuser or user.has_perm("articles.change_article"))


def languages_for(user):
    """The language codes whose versions ``user`` may edit (cached on the user object for the request)."""
    from ..models import Language, TranslatorLanguage

    if not hasattr(user, "_kzpress_languages"):
        if not user.is_authenticated or not user.has_perm("articles.change_articletranslation"):
            user._kzpress_languages = frozenset()
        elif limited_by_language(user):
            user._kzpress_languages = frozenset(
                TranslatorLanguage.objects.filter(user_id=user.pk).values_list("language", flat=True))
        else:
            user._kzpress_languages = frozenset(Language.values)
    return user._kzpress_languages


def is_reviewer(user):
    return user.groups.filter(name=REVIEWER).exists()


def can_edit_versions(user, article=None, language=None):
    """Edit language versions (translation desk, glossary replacements, text repair, machine drafts, reverts):
    of ``article`` when given, in ``language`` when given (a translator only in their languages)."""
    if not user.has_perm("articles.change_articletranslation") or not languages_for(user):
        return False
    if language is not None and language not in languages_for(user):
        return False
    return article is None or in_scope(user, article)


def can_approve_version(user, article, language=None):
    """Approve a version: publishers (approving a version of a public release publishes it), or a reviewer of
    that language while the release is not yet public."""
    if not can_edit_versions(user, article, language):
        return False
    if user.has_perm("articles.publish_article"):
        return True
    return (article.status in (article.Status.DRAFT, article.Status.IN_REVIEW) and limited_by_language(user)
            and language is not None and is_reviewer(user))


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
