from django.urls import path

from ..models import SitePage
from . import views
from .alerts import views as alerts
from .caching import public
from .feeds import AtomNewsFeed, JSONNewsFeed, NewsFeed


def feed_view(feed_class):
    """A feed with ETag/Last-Modified (304 when unchanged), Cache-Control, and a cached body."""
    return public(feed_class(), max_age=300)


def feed_paths(prefix, name):
    return [
        path(f"{prefix}feed/rss/", feed_view(NewsFeed), name=f"{name}-rss"),
        path(f"{prefix}feed/atom/", feed_view(AtomNewsFeed), name=f"{name}-atom"),
        path(f"{prefix}feed.json", feed_view(JSONNewsFeed), name=f"{name}-json"),
    ]


urlpatterns = [
    path("", public(views.HomeView.as_view()), name="home"),
    path("news/", public(views.NewsListView.as_view()), name="news"),
    path("news/<int:pk>/", public(views.article_detail), name="article-short"),
    path("news/<int:pk>/<str:slug>/", public(views.article_detail), name="article"),
    path("agencies/<slug:agency>/", public(views.NewsListView.as_view()), name="agency"),
    path("regions/<slug:region>/", public(views.NewsListView.as_view()), name="region"),
    *(path(f"{slug}/", public(views.site_page), {"slug": slug}, name=f"page-{slug}") for slug in SitePage.Slug),
    path("alerts/", alerts.subscribe, name="alerts"),
    path("alerts/sent/", alerts.sent, name="alert-sent"),
    path("alerts/confirm/<str:token>/", alerts.confirm, name="alert-confirm"),
    path("alerts/manage/<str:token>/", alerts.manage, name="alert-manage"),
    path("alerts/unsubscribe/<str:token>/", alerts.unsubscribe, name="alert-unsubscribe"),
    *feed_paths("news/", "news-feed"),
    *feed_paths("agencies/<slug:agency>/", "agency-feed"),
    *feed_paths("regions/<slug:region>/", "region-feed"),
]
