from datetime import date
import pytest
from django.urls import reverse
from partnerships import services
from partnerships.models import SeminarRepresentative, AgreementSignature, FollowUpReport
from tests.partnerships.conftest import pdf_upload, reload, complete_pre_study
from tests.factories import OrganisationFactory, UserFactory


def test_cross_org_in_case(client, case, contact, other_contact, organisation, other_organisation, adviser):
    client.raise_request_exception = False
    rep = services.add_seminar_representative(case, organisation=organisation, full_name="R", seminar_date=date(2026,1,1), by=adviser)
    client.force_login(other_contact)
    r = client.post(reverse("partnerships:remove_representative", args=[case.pk, rep.pk]))
    print("other contact remove rep of org A:", r.status_code, SeminarRepresentative.objects.filter(pk=rep.pk).exists())
    r = client.post(reverse("partnerships:add_representative", args=[case.pk]), {"organisation": organisation.pk, "full_name": "Y", "seminar_date": "2026-01-01"})
    print("other contact add rep for org A:", r.status_code, SeminarRepresentative.objects.filter(full_name="Y").exists())


def test_cross_org_sign(client, agreement, contact, other_contact, organisation, other_organisation):
    client.raise_request_exception = False
    case = agreement.partnership
    client.force_login(other_contact)
    r = client.post(reverse("partnerships:sign_agreement", args=[case.pk]), {"organisation": organisation.pk, "confirm": "on"})
    r2 = client.post(reverse("partnerships:sign_agreement", args=[case.pk]), {"organisation": organisation.pk, "signed_copy": pdf_upload("s.pdf")})
    print("other contact sign for A:", r.status_code, r2.status_code, AgreementSignature.objects.filter(organisation=organisation).exists())


def test_idor_second_case(client, adviser, contact, organisation, exchange_case, other_adviser):
    client.raise_request_exception = False
    # case 2 with a signature copy, representative; contact of org A is NOT in case 2
    o1 = OrganisationFactory(country="NO"); o2 = OrganisationFactory(country="UG")
    c2 = services.create_partnership(name="c2", organisations=[o1, o2], coordinating=o1, adviser=adviser, by=adviser)
    rep2 = services.add_seminar_representative(c2, organisation=o1, full_name="R2", seminar_date=date(2026,1,1), by=adviser)
    # case 1 signature id
    case1 = exchange_case
    sig1 = AgreementSignature.objects.filter(agreement__partnership=case1).first()
    client.force_login(contact)
    print("rep of case2 via case1:", client.post(reverse("partnerships:remove_representative", args=[case1.pk, rep2.pk])).status_code)
    client.force_login(adviser)
    # signature of case1 requested under c2 url
    print("sig of case1 via case2:", client.get(reverse("partnerships:signed_copy", args=[c2.pk, sig1.pk])).status_code)


def test_other_adviser_actions(client, submitted_application, other_adviser):
    client.raise_request_exception = False
    case = submitted_application.partnership
    client.force_login(other_adviser)
    for name, data in [("approve_application", {}), ("decline_application", {"comment": "x", "confirm": "on"}), ("return_application", {"comment": "x"}), ("terminate", {"reason": "x", "confirm": "on"}), ("add_comment", {"text": "x"})]:
        r = client.post(reverse(f"partnerships:{name}", args=[case.pk]), data)
        print(name, r.status_code, reload(case).phase, reload(case).application.status)


def test_contact_acts_as_adviser(client, submitted_application, contact):
    client.raise_request_exception = False
    case = submitted_application.partnership
    client.force_login(contact)
    for name, data in [("approve_application", {}), ("terminate", {"reason": "x", "confirm": "on"})]:
        r = client.post(reverse(f"partnerships:{name}", args=[case.pk]), data)
        print("contact", name, r.status_code, reload(case).phase, reload(case).application.status)


def test_participant_everywhere(client, exchange_case, participant):
    client.raise_request_exception = False
    client.force_login(participant)
    case = exchange_case
    for path in ["/cases/", f"/cases/{case.pk}/", f"/cases/{case.pk}/agreement.pdf", f"/cases/{case.pk}/application/", "/organisations/", f"/organisations/{case.organisations.first().pk}/", "/admin/"]:
        print("participant", path, client.get(path).status_code)


def test_removed_contact_empty_post(client, adviser, case):
    client.raise_request_exception = False
    client.force_login(adviser)
    r = client.post(reverse("partnerships:partner_meeting", args=[case.pk]), {})
    print("empty post meeting", r.status_code)
    r = client.post(reverse("partnerships:application_edit", args=[case.pk]), {})
    print("app edit no app", r.status_code)
