import html
import uuid

from django import forms
from django.conf import settings
from django.forms.renderers import TemplatesSetting
from django.template.defaultfilters import filesizeformat
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from norec.core.uploads import EXTENSION_TYPES, TYPE_LABELS

SELECT_TEMPLATE = "django/forms/widgets/select.html"


class DesignsystemetFormRenderer(TemplatesSetting):
    """Renders every form with Designsystemet field markup (templates/forms/ and templates/django/forms/).

    Selects are written out in Python (render_select): through templates, an include per option
    made the filter form of the case list, and the 250 countries of a nationality, the slowest
    part of their pages."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"

    def render(self, template_name, context, request=None):
        if template_name == SELECT_TEMPLATE:
            return render_select(context["widget"])
        return super().render(template_name, context, request=request)


def render_select(widget: dict) -> SafeString:
    """The markup of Django's select.html and select_option.html for a widget's context, with
    Designsystemet's input class when the widget has no class of its own."""
    attrs = widget["attrs"] if widget["attrs"].get("class") else {"class": "ds-input", **widget["attrs"]}
    parts = [f'<select name="{html.escape(widget["name"])}"{_attributes(attrs)}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{html.escape(str(group_name))}">')
        parts.extend(
            f'\n  <option value="{html.escape(str(option["value"]))}"{_attributes(option["attrs"])}>'
            f"{html.escape(str(option['label']))}</option>"
            for option in options
        )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))  # noqa: S308  (every value escaped above)


def _attributes(attrs: dict) -> str:
    # As Django's attrs.html: False leaves the attribute out, True writes its name alone.
    return "".join(
        f" {html.escape(str(name))}" if value is True else f' {html.escape(str(name))}="{html.escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


class RadioRows(forms.RadioSelect):
    """Radio buttons, each beside its label on one row (Django's default puts them in a bare list)."""

    template_name = "forms/widgets/choice_rows.html"


class CheckboxRows(forms.CheckboxSelectMultiple):
    """Checkboxes, each beside its label on one row."""

    template_name = "forms/widgets/choice_rows.html"


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

    def token(self) -> uuid.UUID | None:
        """The posted token alone, for an action whose form has nothing else to check (None if none)."""
        field = self.fields["submission"]
        try:
            return field.clean(field.widget.value_from_datadict(self.data, self.files, self.add_prefix("submission")))
        except forms.ValidationError:
            return None


class FilteredCheckboxes(forms.CheckboxSelectMultiple):
    """A checkbox per choice, which works by touch, keyboard and screen reader, with or without
    JavaScript (a multiple select needs Ctrl-click). static/norec/partner-picker.js adds a filter by
    name above a long list, and narrows a select marked `data-choose-among="<field name>"` to the
    ticked choices. The options are written in one template (no include per option)."""

    template_name = "forms/widgets/filtered_checkboxes.html"

    def __init__(self, *args, filter_label: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.filter_label = filter_label

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["filter_label"] = self.filter_label or _("Find by name")
        return context


# --- File fields: what a file input accepts, and the help text that says so ---------------------


def file_input(allowed_types, *, photos: bool = False) -> forms.FileInput:
    """A file input whose picker offers the allowed types (`photos`: and the phone's camera)."""
    accept = ",".join(f".{ext}" for ext, kind in EXTENSION_TYPES.items() if kind in allowed_types)
    return forms.FileInput(attrs={"accept": f"{accept},image/*" if photos else accept})


def upload_limits(allowed_types) -> dict[str, str]:
    """`types` and `limit` for a help text, in the active language (call it when the form is made)."""
    return {
        "types": ", ".join(str(TYPE_LABELS[kind]) for kind in allowed_types),
        "limit": filesizeformat(settings.NOREC_UPLOAD_MAX_BYTES),
    }


def file_help(allowed_types) -> str:
    return _("%(types)s, at most %(limit)s.") % upload_limits(allowed_types)
