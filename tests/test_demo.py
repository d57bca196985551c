"""`make demo`'s data, built through the services: it runs (twice: a second run refreshes, it
does not fail or duplicate) and shows what the README promises."""

import pytest
from django.core.management import call_command

from exchanges.models import ExchangeRound, Participant, RoundReport, RoundState
from partnerships.models import Partnership, Phase


@pytest.fixture
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.django_db
@pytest.mark.usefixtures("_media_in_tmp")
def test_the_demo_builds_and_builds_again():
    call_command("seed_demo", verbosity=0)
    counts = (Partnership.objects.count(), ExchangeRound.objects.count(), Participant.objects.count())
    call_command("seed_demo", verbosity=0)
    assert (Partnership.objects.count(), ExchangeRound.objects.count(), Participant.objects.count()) == counts
    # Every state but "preparing", which the demo's one case in the exchange passes through (round 2).
    states = set(RoundState.values) - {RoundState.PREPARING}
    assert set(ExchangeRound.objects.values_list("state", flat=True)) == states
    assert {Phase.EXCHANGE, Phase.FOLLOW_UP, Phase.COMPLETED} <= set(
        Partnership.objects.values_list("phase", flat=True)
    )
    assert RoundReport.objects.filter(status="submitted").exists()  # one waits for the adviser
    assert Participant.objects.exclude(follow_up_plan="").exists()
    assert ExchangeRound.objects.filter(agreement_approved_at__isnull=False).exists()
    # Every round is mutual: a Norwegian and a southern partner send one each way (the seeds' nurse
    # swap); two southern partners send both ways, south → south.
    ways = {
        (
            r.agreement.partnership.name,
            r.participants_north_south,
            r.participants_south_north,
            r.participants_south_south,
        )
        for r in ExchangeRound.objects.select_related("agreement__partnership")
    }
    assert ways == {
        ("Clean water engineers", 0, 0, 4),
        ("Mental health in primary care", 1, 1, 0),
        ("Community radio", 0, 0, 2),
        ("Library services", 1, 1, 0),
        ("Surgical care partnership", 1, 1, 0),
    }
