from django.urls import path

from workspace import dashboard_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", dashboard_views.dashboard_page, name="dashboard"),
]
