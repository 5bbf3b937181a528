"""
Previews of working copies, before (or apart from) what readers see.

Staff preview any language version of their agencies' releases in the admin. For people without an account (a
journalist before an embargo ends) a publisher makes a ``PreviewLink``: a URL that shows exactly the versions it
was made for, until it expires or is revoked, each opening logged (model: GOV.UK Whitehall's shared previews).

    link = create_link(user, versions, "Aigerim Sultanova, Kazinform", timezone.now() + timedelta(days=3))
    revoke(link, user)
"""

from datetime import timedelta

from axes.helpers import get_client_ip_address
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from ..models import PREVIEW_SALT, ArticleTranslation, LiveVersion, PreviewLink, PreviewView
from ..querysets import reachable_q
from . import access
from .revisions import revision

DEFAULT_DAYS, MAX_DAYS = 7, 30


def previewable(**filters):
    """Working copies (``filters`` as for ``ArticleTranslation.objects.filter``) with what a preview page shows: the
    article, its agency and region, the live version (for its dates and notes) and ``readers_see``: whether
    readers can open the live text now."""
    readers_see = ExpressionWrapper(reachable_q("article__") & Q(live__isnull=False), output_field=BooleanField())
    return (ArticleTranslation.objects.filter(**filters)
            .select_related("article__agency", "article__region", "live").annotate(readers_see=readers_see))


def as_live(version):
    """The working copy ``version`` as readers would see it once made live: an unsaved ``LiveVersion`` (the public
    template's object), with the dates and change notes of the current live text when there is one."""
    live = getattr(version, "live", None)
    return LiveVersion(
        version=version, article=version.article, language=version.language, title=version.title,
        lead=version.lead, body=version.body, signature=version.signature, slug=version.slug,
        first_published_at=live.first_published_at if live else None, updated_at=version.updated_at,
        change_notes=live.change_notes if live else [],
    )


def can_share(user, article_ids):
    """Publishers may share (and revoke) previews of their agencies' releases."""
    article_ids = set(article_ids)
    return (user.has_perm("articles.publish_article")
            and access.articles_for(user).filter(pk__in=article_ids).count() == len(article_ids))


def create_link(user, versions, recipient, expires_at=None, email=""):
    """A preview link for ``recipient`` showing exactly ``versions``, open until ``expires_at`` (default a week,
    at most thirty days). PermissionDenied unless ``user`` publishes for every article concerned."""
    versions = list(versions)
    if not versions:
        raise ValidationError(_("Choose at least one language version."), code="no_versions")
    if not can_share(user, {v.article_id for v in versions}):
        raise PermissionDenied(f"{user} may not share previews of these releases")
    now = timezone.now()
    expires_at = expires_at or now + timedelta(days=DEFAULT_DAYS)
    if not now < expires_at <= now + timedelta(days=MAX_DAYS):
        raise ValidationError(_("A preview link expires in the future, at most %(days)d days from now."),
                              code="expiry", params={"days": MAX_DAYS})
    if not recipient.strip():
        raise ValidationError(_("Name the recipient."), code="recipient")
    with revision(user, f"Preview link for {recipient}"):
        link = PreviewLink.objects.create(recipient=recipient.strip(), email=email, created_by=user,
                                          expires_at=expires_at)
        link.versions.set(versions)
    return link


def revoke(link, user):
    """Close ``link`` now (a second revoke keeps the first time). Publishers of any release it shows may revoke it:
    stopping a leak must not wait for another agency."""
    article_ids = set(link.versions.values_list("article_id", flat=True))
    mine = access.articles_for(user).filter(pk__in=article_ids)
    if not (user.has_perm("articles.publish_article") and mine.exists()):
        raise PermissionDenied(f"{user} may not revoke {link}")
    if link.revoked_at is None:
        with revision(user, f"Preview link for {link.recipient} revoked"):
            link.revoked_at, link.revoked_by = timezone.now(), user
            link.save(update_fields=["revoked_at", "revoked_by"])
    return link


def link_for(token):
    """The link a token names, whatever its state; None for a token this site did not sign."""
    try:
        key = signing.Signer(salt=PREVIEW_SALT).unsign(token)
    except signing.BadSignature:
        return None
    return PreviewLink.objects.filter(key=key).first()


def log_view(link, request, version=None):
    """Record one opening of ``link`` (``version`` None: its index), keeping a keyed hash of the address only."""
    address = get_client_ip_address(request) or ""
    PreviewView.objects.create(
        link=link, version=version, user_agent=request.headers.get("User-Agent", "")[:300],
        ip_hash=salted_hmac(PREVIEW_SALT, address, algorithm="sha256").hexdigest() if address else "",
    )
