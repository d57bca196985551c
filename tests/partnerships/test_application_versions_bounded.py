"""The application's history stays bounded: every save kept a whole copy (two 8 MiB saves grew the
table from 0.5 to 17 MB; an afternoon of autosaves is hundreds of copies). The latest versions are
all kept; older ones are thinned to each person's last save of a sitting, and the first version and
every submitted one stay."""

from datetime import timedelta
from unittest import mock

from django.utils import timezone

from partnerships import services
from partnerships.models import ApplicationRevision
from partnerships.models.drafts import COALESCE_WITHIN, RECENT_VERSIONS
from tests.factories import contact_of, fill_application, reload


def save(application, by, text: str):
    """One autosave of the shared goals as typed."""
    return services.save_application_draft(
        application,
        common_goals=text,
        cooperation="We meet monthly.",
        organisation_goals={},
        rounds=[],
        expected_revision=reload(application.partnership).revision,
        by=by,
    )


def numbers(application) -> list[int]:
    return list(application.revisions.order_by("number").values_list("number", flat=True))


def test_a_sitting_of_autosaves_keeps_the_latest_and_the_first(application, contact):
    for typed in range(60):
        application = save(application, contact, f"Goals, draft {typed}")
    kept = numbers(application)
    assert len(kept) == RECENT_VERSIONS + 1
    assert kept[0] == 1  # the version before the first save
    assert kept[1:] == list(range(application.version - RECENT_VERSIONS + 1, application.version + 1))


def test_two_people_typing_at_once_do_not_grow_it_either(application, contact, other_contact):
    for typed in range(30):
        for person in (contact, other_contact):
            application = save(application, person, f"{person.full_name}, draft {typed}")
    # The latest RECENT_VERSIONS, the first, and each person's last save before those.
    assert len(numbers(application)) <= RECENT_VERSIONS + 3


def test_sittings_apart_each_keep_their_last_save(application, contact):
    start = timezone.now()
    for sitting in range(3):
        for typed in range(RECENT_VERSIONS):
            moment = start + sitting * (COALESCE_WITHIN + timedelta(minutes=1)) + timedelta(seconds=typed)
            with mock.patch("django.utils.timezone.now", return_value=moment):
                application = save(application, contact, f"Sitting {sitting}, draft {typed}")
    contents = [row.content["common_goals"] for row in application.revisions.order_by("number") if row.content]
    assert "Sitting 0, draft 19" in contents
    assert "Sitting 1, draft 19" in contents
    assert "Sitting 1, draft 3" not in contents


def test_a_kept_version_lists_what_changed_since_the_version_before_it(application, contact):
    application = save(application, contact, "First goals")
    services.save_application_draft(
        application,
        common_goals="First goals",
        cooperation="Weekly calls instead.",
        organisation_goals={},
        rounds=[],
        expected_revision=reload(application.partnership).revision,
        by=contact,
    )
    application = reload(application.partnership).application
    for typed in range(RECENT_VERSIONS + 2):
        application = save(application, contact, f"Goals, draft {typed}")
    first_kept_after_the_start = application.revisions.order_by("number")[1]
    assert set(first_kept_after_the_start.changed) >= {"common_goals", "cooperation"}


def test_the_submitted_version_stays(case_in):
    case = case_in("application_returned")
    application = case.application
    submitted = ApplicationRevision.objects.get(application=application, submitted=True)
    coordinator = contact_of(case.coordinating_organisation)
    for typed in range(RECENT_VERSIONS + 10):
        application = save(application, coordinator, f"Revised goals, draft {typed}")
    assert application.revisions.filter(pk=submitted.pk, submitted=True).exists()


def test_the_history_page_shows_what_is_kept(contact_client, application, contact):
    for typed in range(RECENT_VERSIONS + 5):
        application = save(application, contact, f"Goals, draft {typed}")
    page = contact_client.get(f"/cases/{application.partnership_id}/application/history/")
    assert page.status_code == 200
    assert [version.number for version in page.context["versions"]] == sorted(numbers(application), reverse=True)


def test_filling_in_keeps_working(case_in):
    case = case_in("application_started")
    fill_application(case.application, by=contact_of(case.coordinating_organisation))
    assert reload(case).application.revisions.count() == 2
