"""The site's URLs plus ``/bare/``: the cheapest Django view, through the same middleware, the baseline."""

from django.http import HttpResponse
from django.urls import path

from kzpress.urls import urlpatterns as site


def bare(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bare/", bare), *site]
