import uuid

from django import forms
from django.forms.renderers import TemplatesSetting


class DesignsystemetFormRenderer(TemplatesSetting):
    """Renders every form with Designsystemet field markup (templates/forms/ and templates/django/forms/)."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


class RevisionForm(forms.Form):
    """The revision of a case (or any guarded record) that the person's page showed.

    Every form that changes a guarded record posts it as the hidden input "revision"; the view
    hands it to the service as `expected_revision`, which compares it under a row lock and refuses
    a stale page. Missing or malformed means "no page revision": the service then guards only
    against changes made while it holds the lock."""

    revision = forms.IntegerField(required=False, min_value=0)


def posted_revision(request) -> int | None:
    form = RevisionForm(request.POST)
    return form.cleaned_data["revision"] if form.is_valid() else None


class SubmitOnceForm(forms.Form):
    """A create form: it carries a fresh token, made when it is rendered, that the service claims
    (norec.core.idempotency), so the same form sent twice creates one thing. A form shown again with
    its errors keeps its token: nothing was created by it yet."""

    submission = forms.UUIDField(widget=forms.HiddenInput, required=False, initial=uuid.uuid4)
