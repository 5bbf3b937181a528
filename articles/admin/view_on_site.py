"""``/admin/r/<content type>/<id>/``: Django's view-on-site shortcut, answered only for what the user may see.

Django's own (``django.contrib.contenttypes.views.shortcut``) asks only that the user be staff: any object's public
URL, found by enumerating ids — for a draft version of another agency, a URL whose slug is its embargoed title.
Here the object, or the release it belongs to, must be in the queryset its admin screen shows this user
(``access.articles_for`` for releases); anything else is answered 404, as the screens answer it.
"""

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404


def visible(request, obj):
    """True when ``obj`` (or the release it belongs to) is on a screen the user may open."""
    target = getattr(obj, "article", None) or obj
    model_admin = admin.site._registry.get(type(target))
    return (model_admin is not None and model_admin.has_view_or_change_permission(request, target)
            and model_admin.get_queryset(request).filter(pk=target.pk).exists())


def view_on_site(request, content_type_id, object_id):
    try:
        content_type = ContentType.objects.get_for_id(int(content_type_id))
        obj = content_type.get_object_for_this_type(pk=object_id)
    except (ObjectDoesNotExist, ValueError, ValidationError, AttributeError) as error:
        raise Http404 from error
    if not visible(request, obj):
        raise Http404
    return shortcut(request, content_type_id, object_id)
