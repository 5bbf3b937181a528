from django.urls import path

from . import views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("news/", views.NewsListView.as_view(), name="news"),
    path("news/<int:pk>/", views.article_detail, name="article-short"),
    path("news/<int:pk>/<str:slug>/", views.article_detail, name="article"),
    path("agencies/<slug:agency>/", views.NewsListView.as_view(), name="agency"),
    path("regions/<slug:region>/", views.NewsListView.as_view(), name="region"),
]
