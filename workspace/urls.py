from django.urls import path

from workspace import search_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", search_views.search, name="search"),
]
