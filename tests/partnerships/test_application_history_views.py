"""The pages around the application draft: its versions and restoring a field, autosave, and the
confirmation before submitting. For each: the right role, the wrong role, another organisation."""

import pytest

from partnerships.models import Application, ApplicationStatus
from partnerships.models.drafts import RECENT_VERSIONS
from tests.partnerships.conftest import fill_application
from tests.partnerships.helpers import messages_of, url
from tests.partnerships.test_application_views import ROUND, form_data


def fresh(application) -> Application:
    return Application.objects.select_related("partnership").get(pk=application.pk)


@pytest.fixture
def edited(application, contact, other_contact):
    """Chris wrote the cooperation, then Olga rewrote it: versions 1 (as started), 2 and 3."""
    fill_application(application, by=contact, cooperation="Chris's plan.")
    fill_application(fresh(application), by=other_contact, cooperation="Olga's plan.")
    return fresh(application)


class TestHistory:
    def test_it_lists_versions_and_compares_one_with_the_draft(self, contact_client, edited):
        response = contact_client.get(url("application_history", edited.partnership) + "?version=2")
        content = response.content.decode()
        assert response.status_code == 200
        assert [v.number for v in response.context["versions"]] == [3, 2, 1]
        assert "Olga Other" in content and "Chris Contact" in content
        row = next(r for r in response.context["comparison"] if r["key"] == "cooperation")
        assert (row["then"], row["now"], row["differs"]) == ("Chris's plan.", "Olga's plan.", True)
        assert "Restore “How the partners will cooperate” from version 2" in content

    def test_the_adviser_reads_it_but_may_not_restore(self, adviser_client, edited):
        response = adviser_client.get(url("application_history", edited.partnership) + "?version=2")
        assert response.status_code == 200
        assert "Restore “" not in response.content.decode()

    @pytest.mark.parametrize("who", ["outsider_client", "participant_client"])
    def test_it_hides_other_organisations(self, request, edited, who):
        client = request.getfixturevalue(who)
        assert client.get(url("application_history", edited.partnership)).status_code == 404

    @pytest.mark.parametrize("saves", [5, 20])
    def test_page_queries_stay_constant(self, contact_client, edited, contact, django_assert_num_queries, saves):
        for number in range(saves):
            fill_application(fresh(edited), by=contact, cooperation=f"Text {number}")
        with django_assert_num_queries(HISTORY_QUERIES):
            response = contact_client.get(url("application_history", edited.partnership) + "?version=1")
        assert response.context["selected"].number == 1
        # Older saves of the same sitting are thinned (partnerships.models.drafts.prune_versions).
        versions = response.context["versions"]
        assert len(versions) == fresh(edited).revisions.count() <= min(saves + 3, RECENT_VERSIONS + 3)
        assert response.content.decode().count('<a class="ds-link" href="?version=') == len(versions)  # a row each


# Session, user, case, its organisations, application, editor, rounds, goals with organisations, versions with their
# authors, and the user's organisations (may they restore?). The same for 5 versions as for 20.
HISTORY_QUERIES = 10


class TestRestore:
    def test_a_partner_contact_restores_a_field(self, contact_client, edited):
        case = edited.partnership
        data = {"field": "cooperation", "revision": case.revision}
        response = contact_client.post(url("restore_application_field", case, number=2), data)
        assert response.status_code == 302
        assert messages_of(response) == ["The field was restored from version 2."]
        assert fresh(edited).cooperation == "Chris's plan."

    def test_it_rejects_get(self, contact_client, edited):
        assert contact_client.get(url("restore_application_field", edited.partnership, number=2)).status_code == 405

    def test_the_adviser_is_refused(self, adviser_client, edited):
        case = edited.partnership
        response = adviser_client.post(url("restore_application_field", case, number=2), {"field": "cooperation"})
        assert response.status_code == 302
        assert fresh(edited).cooperation == "Olga's plan."

    def test_it_hides_other_organisations(self, outsider_client, edited):
        case = edited.partnership
        response = outsider_client.post(url("restore_application_field", case, number=2), {"field": "cooperation"})
        assert response.status_code == 404

    def test_a_version_that_does_not_exist_is_404(self, contact_client, edited):
        response = contact_client.post(url("restore_application_field", edited.partnership, number=99), {})
        assert response.status_code == 404


class TestAutosave:
    def test_it_saves_what_is_typed_and_says_when(self, contact_client, application):
        data = form_data(application, cooperation="Typed a moment ago.", rounds=[ROUND])
        response = contact_client.post(url("application_autosave", application.partnership), data)
        content = response.content.decode()
        assert response.status_code == 200
        assert "Saved at " in content
        saved = fresh(application)
        assert saved.cooperation == "Typed a moment ago."
        assert (
            f'name="revision" value="{saved.partnership.revision}" id="id_revision" data-hx-swap-oob="true"' in content
        )

    def test_a_conflict_is_told_not_overwritten(self, contact_client, other_contact, application):
        stale = form_data(application, cooperation="Mine.")
        fill_application(application, by=other_contact, cooperation="Theirs.")
        response = contact_client.post(url("application_autosave", application.partnership), stale)
        assert response.status_code == 200
        assert "Olga Other saved a newer version" in response.content.decode()
        assert fresh(application).cooperation == "Theirs."

    def test_invalid_input_is_not_saved_automatically(self, contact_client, application):
        data = form_data(application, rounds=[{**ROUND, "planned_start": "nonsense"}])
        response = contact_client.post(url("application_autosave", application.partnership), data)
        assert "Not saved automatically" in response.content.decode()
        assert fresh(application).version == 1

    def test_the_adviser_is_told_why_not(self, adviser_client, application):
        response = adviser_client.post(url("application_autosave", application.partnership), form_data(application))
        assert response.status_code == 200
        assert "Saved at" not in response.content.decode()
        assert fresh(application).version == 1

    def test_it_rejects_get(self, contact_client, application):
        assert contact_client.get(url("application_autosave", application.partnership)).status_code == 405

    def test_it_hides_other_organisations(self, outsider_client, application):
        response = outsider_client.post(url("application_autosave", application.partnership), form_data(application))
        assert response.status_code == 404


class TestSubmitSavesFirst:
    def test_submit_saves_what_is_typed_then_asks_to_confirm(self, contact_client, filled_application):
        case = filled_application.partnership
        data = {
            **form_data(
                filled_application, rounds=[ROUND], initial_rounds=1, cooperation="Typed just before submitting."
            ),
            **{f"goals_{g.organisation_id}": "Goals." for g in filled_application.organisation_goals.all()},
            "then": "submit",
        }
        response = contact_client.post(url("application_edit", case), data)
        assert response.status_code == 302
        assert response.url == url("confirm_submit_application", case)
        assert fresh(filled_application).cooperation == "Typed just before submitting."
        confirm = contact_client.get(response.url)
        assert confirm.status_code == 200, messages_of(confirm)
        content = confirm.content.decode()
        assert "Typed just before submitting." in content
        assert f'name="revision" value="{fresh(filled_application).partnership.revision}"' in content
        assert fresh(filled_application).status == ApplicationStatus.DRAFT  # not before the final Submit

    def test_an_incomplete_draft_is_saved_and_refused_with_what_is_missing(self, contact_client, application):
        case = application.partnership
        data = {**form_data(application, cooperation="Only this."), "then": "submit"}
        response = contact_client.post(url("application_edit", case), data, follow=True)
        assert fresh(application).cooperation == "Only this."
        said = messages_of(response)
        assert said[0] == "The draft is saved, but it cannot be submitted yet:"
        assert "At least one exchange round must be planned." in said
        assert response.redirect_chain[-1][0] == url("application_edit", case)

    def test_the_adviser_is_refused(self, adviser_client, filled_application):
        response = adviser_client.get(url("confirm_submit_application", filled_application.partnership))
        assert response.status_code == 302

    def test_it_hides_other_organisations(self, outsider_client, filled_application):
        response = outsider_client.get(url("confirm_submit_application", filled_application.partnership))
        assert response.status_code == 404


def test_a_failed_save_shows_the_error_summary_that_takes_focus(contact_client, application):
    data = form_data(application, cooperation="Kept.", rounds=[{**ROUND, "planned_start": "2027-13-45"}])
    response = contact_client.post(url("application_edit", application.partnership), data)
    content = response.content.decode()
    assert response.status_code == 400
    assert "data-error-summary" in content and 'href="#id_rounds-0-planned_start"' in content
    assert "2027-13-45" in content and "Kept." in content  # every typed value stays
    assert "norec/error-summary.js" in content
