"""The root URLconf: the wiring, which names every app."""

from django.contrib import admin
from django.urls import include, path

from norec.core import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("invitation/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("", include("norec.core.reminders.urls")),
    path("", include("workspace.urls")),
    path("", include("partnerships.urls")),
    path("", include("exchanges.urls")),
    path("", include("training.urls")),
    path("", include("amendments.urls")),
]
