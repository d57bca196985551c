"""The app's URLs plus /bench/baseline, the page every measured page is compared with.

The baseline goes through the whole middleware stack and does no I/O: no database, no cache,
no broker (an anonymous request without a session cookie reads no session). `/healthz` is not a
fair baseline: it queries the database and opens a new connection to the broker on every call,
which made it 2.3 to 2.8 times slower than this view and every page's share as much too kind."""

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from norec.urls import urlpatterns as app_urlpatterns


@require_GET
@never_cache
def baseline(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/baseline", baseline, name="bench_baseline"), *app_urlpatterns]
