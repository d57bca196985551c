from django.forms.renderers import TemplatesSetting


class DesignsystemetFormRenderer(TemplatesSetting):
    """Renders every form with Designsystemet field markup (templates/forms/ and templates/django/forms/)."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
