from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = _("Partnerships")

    def ready(self):
        from django.db.models.signals import post_migrate

        from partnerships.waiting_state import refresh_never_refreshed

        # Cases made before their wait was kept get it at migrate, not at the first nightly refresh.
        post_migrate.connect(refresh_never_refreshed, sender=self, dispatch_uid="partnerships.waiting")
        # Tell the core what this app shows: its timeline events, menu entries, admin rights and demo.
        from norec.core.audit import register_event_detail, register_event_details, register_event_kinds
        from norec.core.demo import register_demo_builder
        from norec.core.menu import register_menu_entry
        from norec.core.models import register_adviser_admin_permissions
        from partnerships import demo, machines
        from partnerships.case_sections import register_case_section
        from partnerships.events import (
            CaseEvent,
            OrganisationEvent,
            adviser_changed_detail,
            meeting_detail,
            restored_detail,
        )
        from partnerships.permissions import can_list_cases, can_list_organisations
        from partnerships.reassignment import ADVISER_SECTION, adviser_section
        from partnerships.waiting_state import refresh_demo_waiting

        machines.register_machines()
        from partnerships import reminders

        reminders.register()  # its kinds of deadline reminder
        register_event_kinds(OrganisationEvent)
        register_event_kinds(CaseEvent, comments=[CaseEvent.COMMENT])
        register_event_detail(CaseEvent.MEETING_RECORDED, meeting_detail)
        register_event_details(CaseEvent.APPLICATION_FIELD_RESTORED, restored_detail, needs=("field", "from_version"))
        register_event_details(CaseEvent.ADVISER_CHANGED, adviser_changed_detail, needs=("from", "to"))
        # The head of programme gives a case to another adviser from its page.
        register_case_section(
            ADVISER_SECTION, adviser_section, order=90, anchor="adviser", title=_("Programme adviser")
        )
        register_menu_entry(_("Partnerships"), "partnerships:case_list", order=20, visible_to=can_list_cases)
        register_menu_entry(
            _("Organisations"), "partnerships:organisation_list", order=30, visible_to=can_list_organisations
        )
        register_adviser_admin_permissions(
            "partnerships.view_partnerorganisation",
            "partnerships.add_partnerorganisation",
            "partnerships.change_partnerorganisation",
            "partnerships.view_partnership",
        )
        register_demo_builder(demo.seed_organisations, order=10)
        register_demo_builder(demo.seed_cases, order=20)
        # Last: what each case waits for, after every app's demo rows (some are written without events).
        register_demo_builder(refresh_demo_waiting, order=1000)
