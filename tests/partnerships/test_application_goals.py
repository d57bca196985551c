"""The application's goals (DOMAIN: "common goals, or individual goals per organisation"): shared
goals are enough; without them every organisation states its own. What is missing says which, and
the application's summary and the agreement PDF show the goals that were given."""

import pytest
from django.urls import reverse

from partnerships import services
from partnerships.documents import agreement_pdf_context, render_agreement_pdf
from partnerships.models import Application, ApplicationStatus
from tests.partnerships.conftest import fill_application
from tests.pdf import pdf_text

SHARED = "Better care for young patients in both hospitals."
NO_GOALS = {"common_goals": "", "organisation_goals": {}}


def fresh(application) -> Application:
    return Application.objects.select_related("partnership").get(pk=application.pk)


def goal_items(application) -> list[str]:
    return [item for item in fresh(application).missing_items() if "goals" in item]


def test_nothing_given_asks_for_shared_goals_or_each_organisations(application, contact):
    saved = fill_application(application, by=contact, **NO_GOALS)
    assert goal_items(saved) == [
        "The goals are missing: give shared goals, or the goals of each organisation "
        "(Bergen Health Trust and Kampala Youth Network)."
    ]


def test_shared_goals_alone_are_enough_to_submit(application, contact):
    saved = fill_application(application, by=contact, common_goals=SHARED, organisation_goals={})
    assert saved.missing_items() == []
    assert services.submit_application(saved, by=contact).status == ApplicationStatus.SUBMITTED


def test_without_shared_goals_each_organisation_missing_its_own_is_named(application, contact, other_organisation):
    saved = fill_application(
        application, by=contact, common_goals="", organisation_goals={other_organisation.pk: "Train youth workers."}
    )
    assert goal_items(saved) == [
        "The goals of Bergen Health Trust are missing: without shared goals, every organisation gives its own."
    ]


def test_each_organisations_goals_without_shared_goals_are_enough(application, contact):
    saved = fill_application(application, by=contact, common_goals="")
    assert saved.missing_items() == []


def test_the_form_says_the_rule(contact_client, application):
    content = contact_client.get(reverse("partnerships:application_edit", args=[application.partnership.pk])).content
    content = content.decode()
    assert "Give either shared goals or the goals of every organisation below, or both." in content
    assert "Needed from every organisation when there are no shared goals." in content
    assert "Leave empty if each organisation has its own goals" not in content


# --- What the summary and the agreement show ---


def approved(application, contact, adviser, **goals):
    saved = fill_application(application, by=contact, **goals)
    services.submit_application(saved, by=contact)
    services.approve_application(fresh(saved), by=adviser)
    return fresh(saved).partnership.agreement


def test_agreement_with_shared_goals_only(application, contact, adviser):
    agreement = approved(application, contact, adviser, common_goals=SHARED, organisation_goals={})
    context = agreement_pdf_context(agreement)
    assert context["common_goals"] == SHARED
    assert context["organisation_goals"] == []
    text = pdf_text(render_agreement_pdf(agreement))
    assert "Shared goals" in text and SHARED in text
    assert "Goals of Bergen Health Trust" not in text and "Goals of Kampala Youth Network" not in text


def test_agreement_with_each_organisations_goals_only(application, contact, adviser):
    agreement = approved(application, contact, adviser, common_goals="")
    context = agreement_pdf_context(agreement)
    assert [(entry["name"], entry["goals"]) for entry in context["organisation_goals"]] == [
        ("Bergen Health Trust", "Goals of Bergen Health Trust"),
        ("Kampala Youth Network", "Goals of Kampala Youth Network"),
    ]
    text = pdf_text(render_agreement_pdf(agreement))
    assert "Shared goals" not in text and "No shared goals" not in text
    assert "Goals of Bergen Health Trust Goals of Bergen Health Trust" in text  # the heading, then the goals


@pytest.mark.parametrize(
    ("goals", "shown", "hidden"),
    [
        ({"common_goals": SHARED, "organisation_goals": {}}, ["Shared goals", SHARED], ["Goals of Kampala"]),
        ({"common_goals": ""}, ["Goals of Kampala Youth Network"], ["Shared goals"]),
    ],
)
def test_the_application_summary_shows_the_goals_given(application, contact, adviser_client, goals, shown, hidden):
    fill_application(application, by=contact, **goals)
    response = adviser_client.get(reverse("partnerships:application_edit", args=[application.partnership.pk]))
    content = response.content.decode()  # the adviser reads the summary alone, without the form
    for text in shown:
        assert text in content
    for text in hidden:
        assert text not in content
