"""The benchmark's baseline (bench/urls.py): a page that does no I/O, served only by the benchmark."""

import pytest
from django.core.cache import cache
from django.test import override_settings


@pytest.mark.django_db
def test_the_baseline_makes_no_query_and_no_cache_call(client, django_assert_num_queries, monkeypatch):
    def no_cache(*args, **kwargs):
        raise AssertionError("the baseline reached the cache")

    for method in ("get", "get_many", "set", "add", "delete", "incr", "has_key"):
        monkeypatch.setattr(cache, method, no_cache)
    with override_settings(ROOT_URLCONF="bench.urls"), django_assert_num_queries(0):
        response = client.get("/bench/baseline")
    assert (response.status_code, response.content) == (200, b"ok")


@pytest.mark.django_db
def test_the_app_does_not_serve_it(client):
    assert client.get("/bench/baseline").status_code == 404
