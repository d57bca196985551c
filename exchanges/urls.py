from django.urls import path

from exchanges import views

app_name = "exchanges"
urlpatterns = [
    # The path it had when rounds lived in partnerships, so bookmarks and old pages still post here.
    path("cases/<int:pk>/rounds/<int:number>/done/", views.mark_round_exchange_done, name="mark_round_exchange_done"),
]
