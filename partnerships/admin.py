from django.contrib import admin

from partnerships.models import PartnerOrganisation


@admin.register(PartnerOrganisation)
class PartnerOrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "kind"]
    list_filter = ["kind", "country"]
    search_fields = ["name"]
    filter_horizontal = ["contacts"]
