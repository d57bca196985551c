from django.urls import path

from norec.core.reminders import views

app_name = "reminders"
urlpatterns = [
    path("reminders/", views.my_reminders, name="mine"),
    path("reminders/sent/", views.all_reminders, name="all"),
]
