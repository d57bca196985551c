"""The case of tests/amendments: round 1 being prepared, a participant each way, leaving in 20 days."""

from tests.amendments.conftest import _media_in_tmp, case, exchange_round  # noqa: F401 (fixtures, by their names)
