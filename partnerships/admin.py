from django.contrib import admin

from norec.core.audit import record_event
from partnerships.events import OrganisationEvent
from partnerships.models import Partner, PartnerOrganisation, Partnership


@admin.register(PartnerOrganisation)
class PartnerOrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "kind"]
    list_filter = ["kind", "country"]
    search_fields = ["name"]
    filter_horizontal = ["contacts"]

    def save_related(self, request, form, formsets, change):
        organisation = form.instance
        before = set(organisation.contacts.values_list("email", flat=True)) if change else set()
        super().save_related(request, form, formsets, change)
        after = set(organisation.contacts.values_list("email", flat=True))
        record_event(
            organisation,
            action=OrganisationEvent.CHANGED if change else OrganisationEvent.CREATED,
            by=request.user,
            data={
                "fields": form.changed_data,
                "contacts_added": sorted(after - before),
                "contacts_removed": sorted(before - after),
            },
        )


class ReadOnlyAdminMixin:
    """Cases change only through their services, which check the rules and write the timeline."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PartnerInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Partner
    fields = ["organisation", "is_coordinating"]
    extra = 0


@admin.register(Partnership)
class PartnershipAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "phase", "adviser", "updated_at"]
    list_filter = ["phase", "adviser"]
    list_select_related = ["adviser"]
    search_fields = ["name", "organisations__name"]
    inlines = [PartnerInline]
