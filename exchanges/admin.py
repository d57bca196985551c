"""Checklist templates, kept by advisers in the admin: a change affects new checklists only
(a participant's items are copied from the template when they are recruited)."""

from django.contrib import admin

from exchanges.models import ChecklistTemplate, ChecklistTemplateItem


class ChecklistTemplateItemInline(admin.TabularInline):
    model = ChecklistTemplateItem
    extra = 1
    fields = ["position", "title", "phase", "responsible", "due_from", "offset_days", "requires_document", "applies_to"]
    ordering = ["position", "pk"]


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "is_active", "updated_at"]
    inlines = [ChecklistTemplateItemInline]
