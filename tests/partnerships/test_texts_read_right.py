"""What the case page says reads right in both languages: proper names keep their capitals, and a
date recorded on the timeline is written as the reader's language writes dates, not stored as ISO."""

from django.utils import translation

from partnerships.events import meeting_detail
from tests.partnerships.helpers import url


def in_bokmal(user) -> None:
    user.preferred_language = "nb"
    user.save(update_fields=["preferred_language"])


def test_a_signature_confirmed_in_the_service_names_it_properly(exchange_case, adviser, adviser_client):
    english = adviser_client.get(url("case_detail", exchange_case)).content.decode()
    assert "Confirmed in Norec Exchange" in english
    assert "norec exchange" not in english
    in_bokmal(adviser)
    norwegian = adviser_client.get(url("case_detail", exchange_case)).content.decode()
    assert "Bekreftet i Norec Exchange" in norwegian


def test_the_partner_meeting_on_the_timeline_has_its_date_in_the_readers_language(case_in, adviser, adviser_client):
    case = case_in("pre_study_done")  # the meeting: 15 April 2026 in Kampala (tests/factories.py)
    english = adviser_client.get(url("case_timeline", case)).content.decode()
    assert "15 April 2026, Kampala" in english
    assert "2026-04-15" not in english.replace('datetime="2026-04-15', "")
    in_bokmal(adviser)
    norwegian = adviser_client.get(url("case_timeline", case)).content.decode()
    assert "15. april 2026, Kampala" in norwegian


def test_a_meeting_recorded_before_its_date_was_stored_apart_reads_right_too():
    # Events of before this change hold "2026-11-20, Online" as their comment.
    with translation.override("en"):
        assert meeting_detail({}, "2026-11-20, Online") == "20 November 2026, Online"
    with translation.override("nb"):
        assert meeting_detail({}, "2026-11-20, Online") == "20. november 2026, Online"
        assert meeting_detail({"date": "2026-11-20"}, "Bergen, 2026-01-01") == "20. november 2026, Bergen, 2026-01-01"


def test_a_refusal_names_the_phase_as_bokmal_says_it(case_in):
    from exchanges.models.rounds import case_in_exchange_phase

    exchange_round = case_in("approved_awaiting_signatures").agreement.rounds.get(number=1)
    with translation.override("nb"):
        assert case_in_exchange_phase.reasons(exchange_round) == [
            "Partnerskapet er ikke i utvekslingsfasen, men i fasen «søknad»."
        ]


def test_bokmal_quotes_with_guillemets():
    from tests.test_language import PO_FILE, _entries

    curly = [
        msgid for msgid, msgstrs, _flags in _entries(PO_FILE.read_text(encoding="utf-8")) if "“" in "".join(msgstrs)
    ]
    assert curly == []
    with translation.override("nb"):
        assert translation.gettext("“%(item)s” is done.") == "«%(item)s» er utført."
