"""The case list (who sees which cases, filters, pages) and opening a new case."""

from django.urls import reverse

from norec.core.audit import events_for
from partnerships.models import Partnership
from tests.factories import OrganisationFactory, make_case


class TestCaseList:
    list_url = reverse("partnerships:case_list")

    def test_long_lists_are_paged_and_keep_the_filters(self, adviser_client, adviser, settings, monkeypatch):
        monkeypatch.setattr("partnerships.views.cases.CASES_PER_PAGE", 2)
        partners = [OrganisationFactory(country="NO", with_contact=True), OrganisationFactory(country="UG")]
        for number in range(5):
            make_case(name=f"Paged {number}", adviser=adviser, organisations=partners)
        response = adviser_client.get(self.list_url, {"phase": "pre_study", "page": 2})
        content = response.content.decode()
        assert content.count('<th scope="row"') == 2
        assert "5 partnerships" in content
        assert "Page 2 of 3" in content
        assert "?phase=pre_study&amp;page=3" in content
        assert "?phase=pre_study&amp;page=1" in content
        assert adviser_client.get(self.list_url, {"page": "not-a-number"}).status_code == 200

    def test_adviser_sees_their_own_cases_first(self, adviser_client, case, other_adviser):
        make_case(name="Teachers in Lusaka", adviser=other_adviser)
        response = adviser_client.get(self.list_url)
        content = response.content.decode()
        assert response.status_code == 200
        assert "My cases" in content
        assert "Young nurses exchange" in content
        assert "Teachers in Lusaka" not in content
        assert "Bergen Health Trust (Norway)" in content
        assert "Pre-study" in content
        assert reverse("partnerships:case_create") in content

    def test_adviser_can_see_all_cases(self, adviser_client, case, other_adviser):
        make_case(name="Teachers in Lusaka", adviser=other_adviser)
        content = adviser_client.get(self.list_url, {"scope": "all"}).content.decode()
        assert "Young nurses exchange" in content
        assert "Teachers in Lusaka" in content

    def test_filters_by_phase_country_and_adviser(self, adviser_client, case_in, other_adviser, adviser):
        case_in("application_started")
        zambian = OrganisationFactory(name="Lusaka Teachers", country="ZM")
        partners = [OrganisationFactory(country="NO", with_contact=True), zambian]
        make_case(name="Teachers in Lusaka", adviser=other_adviser, organisations=partners)

        def names(**filters):
            content = adviser_client.get(self.list_url, {"scope": "all", **filters}).content.decode()
            return {name for name in ("Young nurses exchange", "Teachers in Lusaka") if name in content}

        assert names(phase="application") == {"Young nurses exchange"}
        assert names(phase="pre_study") == {"Teachers in Lusaka"}
        assert names(country="ZM") == {"Teachers in Lusaka"}
        assert names(country="UG") == {"Young nurses exchange"}
        assert names(adviser=other_adviser.pk) == {"Teachers in Lusaka"}
        assert names(adviser=adviser.pk, country="ZM") == set()

    def test_a_bad_filter_value_is_explained(self, adviser_client, case):
        response = adviser_client.get(self.list_url, {"phase": "nonsense"})
        assert response.status_code == 200
        assert "Select a valid choice" in response.content.decode()
        assert "Young nurses exchange" in response.content.decode()

    def test_filter_form_is_labelled(self, adviser_client, case):
        content = adviser_client.get(self.list_url, {"scope": "all"}).content.decode()
        for field in ("phase", "country", "adviser"):
            assert f'<label class="ds-label" for="filter-{field}">' in content
        assert ">Filter</button>" in content

    def test_contact_sees_only_their_organisations_cases(self, contact_client, case, other_adviser):
        make_case(name="Teachers in Lusaka", adviser=other_adviser)
        response = contact_client.get(self.list_url)
        content = response.content.decode()
        assert response.status_code == 200
        assert "Young nurses exchange" in content
        assert "Teachers in Lusaka" not in content
        assert reverse("partnerships:case_create") not in content

    def test_outsider_sees_none_of_them(self, outsider_client, case):
        content = outsider_client.get(self.list_url).content.decode()
        assert "Young nurses exchange" not in content

    def test_participant_is_refused(self, participant_client):
        assert participant_client.get(self.list_url).status_code == 403

    def test_anonymous_is_sent_to_sign_in(self, anonymous_client):
        response = anonymous_client.get(self.list_url)
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('account_login')}?next={self.list_url}"


# --- A new case --------------------------------------------------------------------------------


class TestCaseCreate:
    create_url = reverse("partnerships:case_create")

    def test_it_works(self, adviser_client, adviser, other_adviser, organisation, other_organisation):
        response = adviser_client.post(
            self.create_url,
            {
                "name": "Midwives exchange",
                "organisations": [organisation.pk, other_organisation.pk],
                "coordinating": other_organisation.pk,
                "adviser": other_adviser.pk,
                "language": "nb",
            },
        )
        case = Partnership.objects.get(name="Midwives exchange")
        assert case.language == "nb"  # the agreement's language
        assert response.status_code == 302
        assert response["Location"] == case.get_absolute_url()
        assert case.adviser == other_adviser
        assert case.coordinating_organisation == other_organisation
        assert events_for(case).first().action == "case.created"

    def test_the_form_proposes_me_as_adviser(self, adviser_client, adviser, organisation):
        content = adviser_client.get(self.create_url).content.decode()
        assert f'<option value="{adviser.pk}" selected>' in content
        assert organisation.name in content

    def test_it_requires_an_adviser(self, contact_client, organisation, other_organisation):
        assert contact_client.get(self.create_url).status_code == 403
        response = contact_client.post(
            self.create_url,
            {
                "name": "Mine",
                "organisations": [organisation.pk, other_organisation.pk],
                "coordinating": organisation.pk,
            },
        )
        assert response.status_code == 403
        assert not Partnership.objects.exists()

    def test_participant_is_refused(self, participant_client):
        assert participant_client.get(self.create_url).status_code == 403

    def test_one_organisation_is_not_enough_and_the_name_is_kept(self, adviser_client, adviser, organisation):
        response = adviser_client.post(
            self.create_url,
            {
                "name": "Lonely partnership",
                "organisations": [organisation.pk],
                "coordinating": organisation.pk,
                "adviser": adviser.pk,
            },
        )
        content = response.content.decode()
        assert response.status_code == 400
        assert "A partnership needs at least two partner organisations." in content
        assert 'value="Lonely partnership"' in content
        assert not Partnership.objects.exists()

    def test_coordinating_partner_must_be_a_partner(self, adviser_client, adviser, organisation, other_organisation):
        third = OrganisationFactory(name="Lusaka Teachers", country="ZM")
        response = adviser_client.post(
            self.create_url,
            {
                "name": "Three-way",
                "organisations": [organisation.pk, other_organisation.pk],
                "coordinating": third.pk,
                "adviser": adviser.pk,
            },
        )
        assert response.status_code == 400
        assert response.context["form"].errors["coordinating"] == [
            "Lusaka Teachers (Zambia) is not one of the partners you chose. Choose the coordinating partner among them."
        ]

    def test_missing_fields_are_shown(self, adviser_client):
        response = adviser_client.post(self.create_url, {"name": ""})
        assert response.status_code == 400
        assert "This field is required." in response.content.decode()
