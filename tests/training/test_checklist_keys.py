"""The checklist items training ticks are found by a stable key, not by their title: advisers may
rename or translate the item and it is still the one."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from exchanges.item_keys import item_key_choices, registered_item_keys
from exchanges.models import ChecklistTemplate, ChecklistTemplateItem
from exchanges.selectors import item_with_key
from tests.exchanges.rounds_now import case_with_current_round, leg_departing
from tests.factories import recruit
from training.checklist import ENROLMENT_ITEM_KEYS
from training.models import CourseKind


def test_the_training_app_registers_its_keys():
    assert registered_item_keys() >= {"enrolled_course_1", "enrolled_course_2"}
    assert ("enrolled_course_1", "Enrolment in participant course 1 (ticked by the training app)") in item_key_choices()


def test_the_programmes_enrolment_items_carry_their_keys(db):
    template = ChecklistTemplate.objects.get(is_active=True)
    keyed = dict(template.items.exclude(key="").values_list("key", "title"))
    assert keyed == {
        "enrolled_course_1": "Enrolled in Training 1",
        "enrolled_course_2": "Enrolled in Training 2",
        "e_learning_completed": "E-learning completed",
    }


def test_a_renamed_item_is_still_found_by_its_key(adviser, organisation, other_organisation):
    template_item = ChecklistTemplateItem.objects.get(template__is_active=True, key="enrolled_course_1")
    template_item.title = "Påmeldt deltakerkurs del 1"  # an adviser renames it
    template_item.save(update_fields=["title"])
    case = case_with_current_round(
        adviser=adviser, organisations=[organisation, other_organisation], today=timezone.localdate()
    )
    amina = recruit(leg_departing(case, home=other_organisation, host=organisation, today=timezone.localdate()))
    item = item_with_key(amina, ENROLMENT_ITEM_KEYS[CourseKind.COURSE_1])
    assert item is not None and item.title == "Påmeldt deltakerkurs del 1"
    assert item_with_key(amina, ENROLMENT_ITEM_KEYS[CourseKind.COURSE_2]).title == "Enrolled in Training 2"
    assert item_with_key(amina, "no_such_key") is None


def test_a_template_holds_each_key_once(db):
    template = ChecklistTemplate.objects.get(is_active=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        ChecklistTemplateItem.objects.create(
            template=template,
            title="Twice",
            phase="before",
            responsible="sending",
            due_from="departure",
            offset_days=-10,
            key="enrolled_course_1",
        )
    ChecklistTemplateItem.objects.create(  # items without a key are many
        template=template,
        title="A person's item",
        phase="before",
        responsible="sending",
        due_from="departure",
        offset_days=-10,
    )


def test_the_e_learning_is_due_before_the_return_or_by_norecs_rule_before_departure(
    settings, adviser, organisation, other_organisation
):
    today = timezone.localdate()
    case = case_with_current_round(adviser=adviser, organisations=[organisation, other_organisation], today=today)
    leg = leg_departing(case, home=other_organisation, host=organisation, today=today, participants=2)
    amina = recruit(leg)
    e_learning = item_with_key(amina, "e_learning_completed")
    assert e_learning.responsible == "participant" and e_learning.requires_document
    assert e_learning.due_on == leg.return_date - timedelta(days=30)  # seed 003: before returning home
    settings.NOREC_ELEARNING_DUE_BEFORE = "departure"
    bwalya = recruit(leg, full_name="Bwalya Zulu", email="bwalya@example.org")
    assert item_with_key(bwalya, "e_learning_completed").due_on == leg.departure - timedelta(days=30)
