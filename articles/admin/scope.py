"""What every admin screen of kzpress shares: objects outside the user's agencies do not exist."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _


class NotFoundOutsideScope:
    """An object outside the user's agencies is a 404, never a redirect that confirms it exists."""

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404(_("No such object among yours."))
        return obj
