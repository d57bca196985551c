"""Venues, kept by advisers in the admin: the programme's six and any place they add, each with
its time zone (sessions are planned on the Training pages, not here)."""

from django.contrib import admin

from training.models import Venue


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["name", "time_zone", "is_digital"]
    search_fields = ["name"]

    def has_delete_permission(self, request, obj=None):
        # A venue that sessions ran at stays (the database refuses too: PROTECT).
        return super().has_delete_permission(request, obj) and (obj is None or not obj.sessions.exists())
