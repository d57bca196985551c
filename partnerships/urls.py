from django.urls import path

from partnerships import views

app_name = "partnerships"
urlpatterns = [
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<int:pk>/invite/", views.invite_contact, name="invite_contact"),
]
