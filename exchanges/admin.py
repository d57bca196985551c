"""Checklist templates, kept by advisers in the admin: a change affects new checklists only
(a participant's items are copied from the template when they are recruited)."""

from django import forms
from django.contrib import admin

from exchanges.item_keys import item_key_choices
from exchanges.models import ChecklistTemplate, ChecklistTemplateItem

ITEM_FIELDS = [
    "position",
    "title",
    "phase",
    "responsible",
    "due_from",
    "offset_days",
    "requires_document",
    "applies_to",
    "key",
]


class TemplateItemForm(forms.ModelForm):
    """The item's key is one an app registered (exchanges.item_keys), or none."""

    class Meta:
        model = ChecklistTemplateItem
        fields = ITEM_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"] = forms.ChoiceField(
            label=self.fields["key"].label,
            help_text=self.fields["key"].help_text,
            choices=item_key_choices(),
            required=False,
        )


class ChecklistTemplateItemInline(admin.TabularInline):
    model = ChecklistTemplateItem
    form = TemplateItemForm
    extra = 1
    fields = ITEM_FIELDS
    ordering = ["position", "pk"]


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "is_active", "updated_at"]
    inlines = [ChecklistTemplateItemInline]
