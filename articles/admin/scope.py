"""What admin screens of kzpress share: objects outside the user's agencies do not exist; records nobody edits here."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _


class NotFoundOutsideScope:
    """An object outside the user's agencies is a 404, never a redirect that confirms it exists."""

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404(_("No such object among yours."))
        return obj


class ReadOnly:
    """A screen of records made elsewhere (by readers, by the worker): listed and shown, never added, changed or
    deleted in the admin."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
