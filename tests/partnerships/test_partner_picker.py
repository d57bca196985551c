"""The new-case form's partner picker: a checkbox per organisation (works by touch and keyboard,
and without JavaScript), and a coordinating partner that must be one of the chosen partners."""

import re
import uuid

from django.urls import reverse

from partnerships.models import Partnership
from tests.factories import OrganisationFactory

CREATE_URL = reverse("partnerships:case_create")


def new_case(adviser, organisations, coordinating, **changes) -> dict:
    return {
        "name": "Midwives exchange",
        "organisations": [organisation.pk for organisation in organisations],
        "coordinating": coordinating.pk,
        "adviser": adviser.pk,
        "submission": str(uuid.uuid4()),
        **changes,
    }


class TestThePicker:
    def test_each_organisation_is_a_checkbox_with_its_label(self, adviser_client, organisation, other_organisation):
        content = adviser_client.get(CREATE_URL).content.decode()
        assert '<select name="organisations"' not in content  # a multiple select wants Ctrl-click
        for candidate in (organisation, other_organisation):
            match = re.search(
                rf'<input[^>]*type="checkbox"[^>]*name="organisations"[^>]*value="{candidate.pk}"[^>]*id="([^"]+)"',
                content,
            )
            assert match, f"no checkbox for {candidate}"
            assert (
                f'<label class="ds-label" data-weight="regular" for="{match.group(1)}">{candidate}</label>' in content
            )
        assert "Ctrl" not in content

    def test_the_filter_and_its_script_come_with_the_page(self, adviser_client, organisation):
        content = adviser_client.get(CREATE_URL).content.decode()
        assert '<script src="/static/norec/partner-picker.js" defer></script>' in content
        assert "data-choose-among=" in content  # the coordinating list the script narrows
        # Without the script the filter would do nothing: it stays hidden until the script shows it.
        assert re.search(r"<div[^>]*data-checkbox-filter[^>]*hidden", content)

    def test_ticked_boxes_stay_ticked_after_an_error(self, adviser_client, adviser, organisation, other_organisation):
        data = new_case(adviser, [organisation, other_organisation], organisation, name="")
        content = adviser_client.post(CREATE_URL, data).content.decode()
        for chosen in (organisation, other_organisation):
            assert re.search(rf'value="{chosen.pk}"[^>]*checked', content)


class TestTheCoordinatingPartner:
    def test_one_of_the_chosen_partners_opens_the_case(self, adviser_client, adviser, organisation, other_organisation):
        response = adviser_client.post(
            CREATE_URL, new_case(adviser, [organisation, other_organisation], other_organisation)
        )
        case = Partnership.objects.get(name="Midwives exchange")
        assert response["Location"] == case.get_absolute_url()
        assert case.coordinating_organisation == other_organisation

    def test_one_that_was_not_chosen_is_refused_at_its_field(
        self, adviser_client, adviser, organisation, other_organisation
    ):
        outsider = OrganisationFactory(name="Lusaka Water", country="ZM")
        response = adviser_client.post(CREATE_URL, new_case(adviser, [organisation, other_organisation], outsider))
        assert response.status_code == 400
        assert response.context["form"].errors["coordinating"] == [
            "Lusaka Water (Zambia) is not one of the partners you chose. Choose the coordinating partner among them."
        ]
        assert not Partnership.objects.exists()
