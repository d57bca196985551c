"""`make demo`'s data, built through the services: it runs (twice: a second run refreshes, it
does not fail or duplicate) and shows what the README promises."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from exchanges import services
from exchanges.models import ChecklistItem, ExchangeLeg, ExchangeRound, Participant, RoundReport, RoundState
from norec.core.fsm import TransitionRefused
from partnerships.models import FollowUpReport, PartnerMeeting, Partnership, Phase
from tests.factories import participant_data
from tests.pdf import pdf_text


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


@pytest.mark.django_db
@pytest.mark.usefixtures("_media_in_tmp")
def test_every_demo_round_got_where_it_is_by_the_rules():
    """Each round's state is one its rules allow: prepared only with an approved round agreement,
    departed from its first leg's date, legs within its period, early returns while abroad; and the
    round that recruits can take its next participant (it was stuck once)."""
    call_command("seed_demo", verbosity=0)
    today = timezone.localdate()
    for leg in ExchangeLeg.objects.select_related("exchange_round"):
        leg.full_clean()  # within the round's period and the programme's lengths
    for exchange_round in ExchangeRound.objects.filter(legs__isnull=False).distinct():
        if exchange_round.state not in (RoundState.PLANNED, RoundState.RECRUITING):
            assert exchange_round.agreement_approved_at is not None, exchange_round
        if exchange_round.state == RoundState.IN_EXCHANGE:
            assert min(leg.departure for leg in exchange_round.legs.all()) <= today
    for participant in Participant.objects.filter(status="returned_early").select_related("leg"):
        assert participant.leg.departure <= participant.returned_on <= today
    recruiting = ExchangeRound.objects.get(
        state=RoundState.RECRUITING, agreement__partnership__name="Clean water engineers"
    )
    leg = recruiting.legs.get(home_organisation__name__contains="Mulago")
    mulago = leg.home_organisation.contacts.get()
    services.recruit_participant(leg, by=mulago, **participant_data(email="second@participant.example"))
    with pytest.raises(TransitionRefused) as refused:
        services.advance_round(recruiting, "start_preparing", by=mulago)
    assert refused.value.reasons == [
        "Bwalya Zulu will be 37 at departure; the main rule is 18 to 35. The programme adviser decides on the age "
        "before the round is prepared."
    ]
    bwalya = Participant.objects.get(full_name="Bwalya Zulu")
    services.accept_age(bwalya, reason="Leads the new maintenance routine.", by=recruiting.partnership.adviser)
    services.advance_round(recruiting, "start_preparing", by=mulago)


@pytest.mark.django_db
@pytest.mark.usefixtures("_media_in_tmp")
def test_the_demos_documents_are_pdfs_a_viewer_opens():
    """Every document the demo uploads (the partner meeting's minutes, the round reports' and the
    final reports' attachments, the participants' documents) is a PDF with a page that says what it
    is; an empty PDF without pages was refused by viewers."""
    call_command("seed_demo", verbosity=0)
    files = [
        *(meeting.minutes for meeting in PartnerMeeting.objects.exclude(minutes="")),
        *(report.attachment for report in RoundReport.objects.exclude(attachment="")),
        *(report.attachment for report in FollowUpReport.objects.exclude(attachment="")),
        *(item.document for item in ChecklistItem.objects.exclude(document="")),
    ]
    names = {Path(file.name).suffix for file in files}
    assert len(files) > 5 and names == {".pdf"}, names
    for file in files:
        with file.open("rb") as opened:
            text = pdf_text(opened.read())
        assert "Norec Exchange demo document" in text, (file.name, text)
