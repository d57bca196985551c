"""Advisers keep the checklist templates in the admin; partner contacts may not."""

from django.test import Client
from django.urls import reverse

from exchanges.models import ChecklistTemplate


def test_an_adviser_edits_the_checklist_template(adviser_client):
    client = adviser_client
    template = ChecklistTemplate.objects.get(is_active=True)
    response = client.get(reverse("admin:exchanges_checklisttemplate_change", args=[template.pk]))
    assert response.status_code == 200
    assert "Work permit" in response.content.decode()


def test_a_partner_contact_has_no_admin(db, contact):
    client = Client()
    client.force_login(contact)
    response = client.get(reverse("admin:exchanges_checklisttemplate_changelist"))
    assert response.status_code == 403  # not staff: the admin is for Norec
