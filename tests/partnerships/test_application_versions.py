"""The application draft's versions: every save is a version with who, when and which fields
changed; a field can be restored; two editors merge field by field; amounts are read as typed."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from norec.core.audit import event_details, events_for
from partnerships import services
from partnerships.application_forms import parse_amount
from partnerships.events import CaseEvent
from partnerships.models import Application, merge_drafts
from partnerships.services import EditConflict, FieldChoice, TransitionRefused
from tests.partnerships.conftest import fill_application


def fresh(application) -> Application:
    return Application.objects.select_related("partnership").get(pk=application.pk)  # as a page loaded it


def test_every_save_is_a_version_with_who_and_what_changed(application, contact, other_contact):
    fill_application(application, by=contact)
    fill_application(fresh(application), by=other_contact, cooperation="Weekly calls.")

    versions = list(fresh(application).revisions.order_by("number"))
    assert [(v.number, v.created_by) for v in versions] == [(1, None), (2, contact), (3, other_contact)]
    assert versions[0].changed == []  # the application as started, before the first recorded save
    assert "cooperation" in versions[1].changed and "rounds" in versions[1].changed
    assert versions[2].changed == ["cooperation"]
    assert versions[2].content["cooperation"] == "Weekly calls."
    assert versions[1].content["rounds"][0]["budget"] == "400000.00"


def test_saving_the_same_content_again_makes_no_version(filled_application, contact):
    before = fresh(filled_application)
    saved = fill_application(before, by=contact)
    assert saved.version == before.version
    assert fresh(filled_application).revisions.count() == 2


def test_a_field_is_restored_from_an_earlier_version(application, contact, other_contact):
    fill_application(application, by=contact, cooperation="Chris's plan.")
    fill_application(fresh(application), by=other_contact, cooperation="Olga's plan.", common_goals="New goals.")
    version_2 = fresh(application).revisions.get(number=2)

    restored = services.restore_application_field(fresh(application), version_2, "cooperation", by=other_contact)

    current = fresh(application)
    assert (current.cooperation, current.common_goals) == ("Chris's plan.", "New goals.")  # only that field
    assert restored.version == 4
    assert current.revisions.get(number=4).changed == ["cooperation"]
    event = events_for(current.partnership).first()
    assert event.action == CaseEvent.APPLICATION_FIELD_RESTORED
    assert event.comment == ""  # the sentence is made in the reader's language
    assert timeline_text(current.partnership, "en") == "How the partners will cooperate restored from version 2."
    assert timeline_text(current.partnership, "nb") == "Hvordan partnerne skal samarbeide gjenopprettet fra versjon 2."


def test_a_restored_goal_names_its_organisation_in_the_readers_language(application, contact, organisation):
    fill_application(application, by=contact)
    fill_application(fresh(application), by=contact, organisation_goals={organisation.pk: "Other goals."})
    version_2 = fresh(application).revisions.get(number=2)
    services.restore_application_field(fresh(application), version_2, f"goals_{organisation.pk}", by=contact)
    assert timeline_text(application.partnership, "nb") == "Målene til Bergen Health Trust gjenopprettet fra versjon 2."


def timeline_text(case, language: str) -> str:
    event = events_for(case).first()
    with translation.override(language):
        return event_details(event.action, event.data)


def test_restore_is_refused_for_the_adviser_and_for_unknown_fields(application, contact, adviser):
    fill_application(application, by=contact, cooperation="First.")
    fill_application(fresh(application), by=contact, cooperation="Second.")
    version_2 = fresh(application).revisions.get(number=2)
    with pytest.raises(TransitionRefused):
        services.restore_application_field(fresh(application), version_2, "cooperation", by=adviser)
    with pytest.raises(ValidationError):
        services.restore_application_field(fresh(application), version_2, "no_such_field", by=contact)
    assert fresh(application).cooperation == "Second."


def test_a_stale_restore_is_refused(application, contact):
    fill_application(application, by=contact, cooperation="First.")
    stale = fresh(application)
    fill_application(fresh(application), by=contact, cooperation="Second.")
    with pytest.raises(TransitionRefused):
        services.restore_application_field(
            stale,
            stale.revisions.get(number=1),
            "cooperation",
            by=contact,
            expected_revision=stale.partnership.revision,
        )


class TestMerge:
    def test_only_fields_both_changed_conflict(self):
        base = {"a": "1", "b": "1", "c": "1"}
        merge = merge_drafts(base, mine={"a": "mine", "b": "1", "c": "x"}, theirs={"a": "1", "b": "theirs", "c": "y"})
        assert merge.content == {"a": "mine", "b": "theirs", "c": "y"}
        assert merge.conflicts == ["c"]

    def test_without_a_base_every_difference_is_a_conflict(self):
        merge = merge_drafts(None, mine={"a": "1", "b": "2"}, theirs={"a": "1", "b": "3"})
        assert merge.conflicts == ["b"]

    def test_the_same_change_on_both_sides_is_no_conflict(self):
        assert merge_drafts({"a": "1"}, mine={"a": "2"}, theirs={"a": "2"}).conflicts == []


def test_the_second_editor_chooses_per_field(application, contact, other_contact):
    loaded = fresh(application)
    fill_application(application, by=contact, cooperation="Chris's plan.", common_goals="Chris's goals.")
    typed = {
        "cooperation": "Olga's plan.",
        "common_goals": "Olga's goals.",
        "expected_revision": loaded.partnership.revision,
    }
    with pytest.raises(EditConflict) as conflict:
        fill_application(loaded, by=other_contact, base_version=1, **typed)
    assert conflict.value.conflicts == ["common_goals", "cooperation"]
    assert conflict.value.mine["cooperation"] == "Olga's plan."
    assert conflict.value.theirs["cooperation"] == "Chris's plan."
    assert fresh(application).cooperation == "Chris's plan."  # nothing overwritten

    choices = {"cooperation": FieldChoice("mine"), "common_goals": FieldChoice("merged", "Both goals.")}
    with pytest.raises(EditConflict):  # one choice missing: still nothing saved
        fill_application(
            loaded,
            by=other_contact,
            base_version=1,
            choices={"cooperation": FieldChoice("mine")},
            choices_revision=conflict.value.revision,
            **typed,
        )
    fill_application(
        loaded, by=other_contact, base_version=1, choices=choices, choices_revision=conflict.value.revision, **typed
    )
    current = fresh(application)
    assert (current.cooperation, current.common_goals) == ("Olga's plan.", "Both goals.")


def test_choices_made_on_an_older_screen_are_asked_again(application, contact, other_contact):
    loaded = fresh(application)
    fill_application(application, by=contact, cooperation="Chris 1.")
    seen = fresh(application).partnership.revision
    fill_application(fresh(application), by=contact, cooperation="Chris 2.")
    with pytest.raises(EditConflict):
        fill_application(
            loaded,
            by=other_contact,
            cooperation="Olga.",
            expected_revision=loaded.partnership.revision,
            base_version=1,
            choices={"cooperation": FieldChoice("mine")},
            choices_revision=seen,
        )
    assert fresh(application).cooperation == "Chris 2."


def test_a_page_older_than_its_own_autosave_is_no_conflict(application, contact):
    loaded = fresh(application)
    fill_application(application, by=contact, cooperation="Half typ")  # the autosave, while typing on
    saved = fill_application(
        loaded,
        by=contact,
        cooperation="Half typed, now finished.",
        expected_revision=loaded.partnership.revision,
        base_version=1,
    )
    assert saved.cooperation == "Half typed, now finished."


def test_the_budget_total_is_the_sum_of_the_rounds(application, contact):
    assert fill_application(application, by=contact).budget_total == Decimal("850000.00")
    assert fill_application(fresh(application), by=contact, rounds=[]).budget_total is None


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("150 000", Decimal("150000")),
        ("150,000", Decimal("150000")),
        ("150.000", Decimal("150000")),
        ("150 000 kr", Decimal("150000")),
        ("NOK 150 000", Decimal("150000")),
        ("kr 150 000,-", Decimal("150000")),
        ("150\u00a0000", Decimal("150000")),
        ("1 250,50", Decimal("1250.50")),
        ("1,250.50", Decimal("1250.50")),
        ("1.250,50", Decimal("1250.50")),
        ("400000.00", Decimal("400000.00")),
        ("", None),
    ],
)
def test_amounts_are_read_as_people_type_them(typed, amount):
    assert parse_amount(typed) == amount


@pytest.mark.parametrize("typed", ["abc", "150 000 kroner", "1,2,3.4.5", "12-3"])
def test_what_is_no_amount_is_refused(typed):
    with pytest.raises(ValueError):
        parse_amount(typed)
