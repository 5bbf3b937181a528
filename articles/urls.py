from django.urls import path
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition

from . import views
from .caching import cached, etag, last_modified
from .feeds import AtomNewsFeed, JSONNewsFeed, NewsFeed


def feed_view(feed_class):
    """A feed with ETag/Last-Modified (304 when unchanged), Cache-Control, and a cached body."""
    view = cached(feed_class())
    return cache_control(public=True, max_age=300)(condition(etag_func=etag, last_modified_func=last_modified)(view))


def feed_paths(prefix, name):
    return [
        path(f"{prefix}feed/rss/", feed_view(NewsFeed), name=f"{name}-rss"),
        path(f"{prefix}feed/atom/", feed_view(AtomNewsFeed), name=f"{name}-atom"),
        path(f"{prefix}feed.json", feed_view(JSONNewsFeed), name=f"{name}-json"),
    ]


urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("news/", views.NewsListView.as_view(), name="news"),
    path("news/<int:pk>/", views.article_detail, name="article-short"),
    path("news/<int:pk>/<str:slug>/", views.article_detail, name="article"),
    path("agencies/<slug:agency>/", views.NewsListView.as_view(), name="agency"),
    path("regions/<slug:region>/", views.NewsListView.as_view(), name="region"),
    *feed_paths("news/", "news-feed"),
    *feed_paths("agencies/<slug:agency>/", "agency-feed"),
    *feed_paths("regions/<slug:region>/", "region-feed"),
]
