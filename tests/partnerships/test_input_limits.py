"""Free text has a maximum length everywhere it is kept: the form says so (maxlength, and a clear
error), the model validates it, and the database refuses more. A 9 MiB comment once made the case
page 9.5 MB for everyone and sent two 9.7 MB emails."""

import inspect

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import IntegrityError, models, transaction
from django.db.models.functions import Length

from exchanges import forms as exchange_forms
from norec.core import limits
from norec.core.models import AuditEvent
from partnerships import application_forms, case_forms, services
from partnerships import forms as partnership_forms
from tests.partnerships.helpers import url

OUR_APPS = ("norec", "partnerships", "exchanges", "training", "amendments", "workspace")
# Written by the service, never typed: an email as rendered from bounded parts, and a mail server's error.
NOT_TYPED = {
    ("norec", "OutboxMessage", "body"),
    ("norec", "OutboxMessage", "html_body"),
    ("norec", "OutboxMessage", "last_error"),
}
FORM_MODULES = (case_forms, partnership_forms, application_forms, exchange_forms)


def text_fields():
    for app_label in OUR_APPS:
        for model in apps.get_app_config(app_label).get_models():
            for field in model._meta.get_fields():
                if isinstance(field, models.TextField) and (app_label, model.__name__, field.name) not in NOT_TYPED:
                    yield pytest.param(model, field, id=f"{model.__name__}.{field.name}")


def length_checked_in_database(model, field_name: str, max_length: int) -> bool:
    for constraint in model._meta.constraints:
        condition = getattr(constraint, "condition", None)
        lhs, rhs = getattr(condition, "lhs", None), getattr(condition, "rhs", None)
        if isinstance(lhs, Length) and lhs.source_expressions[0].name == field_name and rhs == max_length:
            return True
    return False


@pytest.mark.parametrize(("model", "field"), list(text_fields()))
def test_every_text_field_has_a_maximum_length_in_the_model_and_the_database(model, field):
    assert field.max_length, "no max_length: forms made from it would have no maxlength either"
    assert any(isinstance(v, MaxLengthValidator) and v.limit_value == field.max_length for v in field.validators)
    assert length_checked_in_database(model, field.name, field.max_length)


def free_text_form_fields():
    for module in FORM_MODULES:
        for name, form_class in inspect.getmembers(module, inspect.isclass):
            if issubclass(form_class, forms.BaseForm) and form_class.__module__ == module.__name__:
                for field_name, field in form_class.base_fields.items():
                    if type(field) is forms.CharField and not field.widget.is_hidden:
                        yield pytest.param(field, id=f"{name}.{field_name}")


@pytest.mark.parametrize("field", list(free_text_form_fields()))
def test_every_free_text_form_field_has_a_maximum_length(field):
    assert field.max_length is not None
    assert field.widget_attrs(field.widget)["maxlength"] == str(field.max_length)


class TestAHugeComment:
    NINE_MIB = 9 * 1024 * 1024

    def test_it_is_refused_with_the_limit_and_nothing_is_kept(self, contact_client, adviser_client, case, mailoutbox):
        response = contact_client.post(url("add_comment", case), {"text": "x" * self.NINE_MIB})
        assert response.status_code == 400
        assert response.context["comment_form"].errors["text"] == [
            f"Ensure this value has at most {limits.COMMENT_MAX_LENGTH} characters (it has {self.NINE_MIB})."
        ]
        assert not AuditEvent.objects.filter(action="case.comment").exists()
        assert mailoutbox == []
        assert len(adviser_client.get(case.get_absolute_url()).content) < 200_000  # as before, for everyone

    def test_the_comment_box_says_its_limit(self, contact_client, case):
        content = contact_client.get(case.get_absolute_url()).content.decode()
        assert f'maxlength="{limits.COMMENT_MAX_LENGTH}"' in content

    def test_the_service_refuses_it_too(self, contact, case):
        with pytest.raises(ValidationError) as refused:
            services.add_comment(case, text="x" * (limits.COMMENT_MAX_LENGTH + 1), by=contact)
        assert refused.value.messages == [
            f"Write at most {limits.COMMENT_MAX_LENGTH:,} characters (this has {limits.COMMENT_MAX_LENGTH + 1:,})."
        ]

    def test_the_database_refuses_it(self, contact, case):
        event = services.add_comment(case, text="Fine.", by=contact)
        too_long = "x" * (AuditEvent._meta.get_field("comment").max_length + 1)
        with pytest.raises(IntegrityError), transaction.atomic():
            AuditEvent.objects.filter(pk=event.pk).update(comment=too_long)


def test_the_application_says_the_limit_of_each_text(contact_client, application):
    content = contact_client.get(url("application_edit", application.partnership)).content.decode()
    textareas = content.count("<textarea")
    assert textareas == 4  # shared goals, cooperation, and the goals of each of the two organisations
    assert content.count(f'maxlength="{limits.LONG_TEXT_MAX_LENGTH}"') == textareas


def test_an_over_long_goal_is_refused_at_its_field(contact_client, application):
    case = application.partnership
    page = contact_client.get(url("application_edit", case))
    data = {key: value for key, value in page.context["form"].initial.items() if value is not None}
    data.update({"rounds-TOTAL_FORMS": "0", "rounds-INITIAL_FORMS": "0", "cooperation": "y" * 20_001})
    response = contact_client.post(url("application_edit", case), data)
    assert response.status_code == 400
    assert response.context["form"].errors["cooperation"] == [
        f"Ensure this value has at most {limits.LONG_TEXT_MAX_LENGTH} characters (it has 20001)."
    ]
