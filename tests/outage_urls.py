"""A URLconf for the outage tests: a view that meets a database outage."""

from django.db import OperationalError
from django.urls import path


def database_down(request):
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')


urlpatterns = [path("database-down/", database_down)]
