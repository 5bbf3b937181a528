"""Preview pages: a working copy in the public article template under a banner saying it is not public. Never
indexed, never kept by any cache (they live outside the public prefixes ``PublicCacheMiddleware`` serves, and say
``private, no-store``). Shared links at ``/preview/<token>/``; the staff preview is in the admin."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from ..models import PreviewLink
from . import previews

LANGUAGE_NAMES = dict(settings.LANGUAGES)


def private(response):
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def preview_page(request, version, languages, link=None):
    """``version`` (from ``previews.previewable``) as its public page would show it once made live, in its
    language; ``languages``: (code, href) of the other previews to offer."""
    with translation.override(version.language):
        return private(render(request, "articles/preview/version.html", {
            "version": previews.as_live(version), "article": version.article, "others": [], "link": link,
            "language_names": LANGUAGE_NAMES,
            "live_url": version.live.get_absolute_url() if version.readers_see else None,
            "preview_languages": [(code, LANGUAGE_NAMES[code], href) for code, href in languages],
        }))


def open_link(request, token):
    """(link, None) for an open link, (None, the 410 page) for an expired or revoked one; 404 for a bad token."""
    link = previews.link_for(token)
    if link is None:
        raise Http404("No such preview.")
    if link.state() != PreviewLink.State.ACTIVE:
        return None, private(render(request, "articles/preview/gone.html", {"link": link}, status=410))
    return link, None


@require_safe
def link_index(request, token):
    link, gone = open_link(request, token)
    if gone:
        return gone
    versions = previews.previewable(preview_links=link).order_by("article__published_at", "article_id", "language")
    previews.log_view(link, request)
    return private(render(request, "articles/preview/index.html", {
        "link": link, "versions": versions, "language_names": LANGUAGE_NAMES}))


@require_safe
def link_version(request, token, pk, language):
    link, gone = open_link(request, token)
    if gone:
        return gone
    version = previews.previewable(preview_links=link).filter(article_id=pk, language=language).first()
    if version is None:
        raise Http404("Not in this preview.")
    previews.log_view(link, request, version)
    others = link.versions.filter(article_id=pk).exclude(language=language).values_list("language", flat=True)
    languages = [(code, reverse("preview-version", args=[token, pk, code])) for code in sorted(others.order_by())]
    return preview_page(request, version, languages, link)
