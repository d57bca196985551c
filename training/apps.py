from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("Training")

    def ready(self):
        # Tell the core and the apps below what training adds: its checklist keys, timeline events
        # and who hears of them, its state machine, its menu entries.
        from exchanges.portal_sections import register_portal_section
        from exchanges.signals import participation_ended
        from norec.core.audit import register_event_kinds
        from norec.core.demo import register_demo_builder
        from norec.core.menu import register_account_page, register_menu_entry
        from norec.core.models import register_adviser_admin_permissions
        from partnerships.case_sections import register_case_section
        from partnerships.notifications import notify_on
        from training import demo, event_details, machines, receivers, sections
        from training.checklist import register_item_keys
        from training.events import TrainingEvent
        from training.permissions import may_browse_sessions

        register_item_keys()  # the enrolment items of the participants' checklists
        participation_ended.connect(
            receivers.free_places_of_ended_participation, dispatch_uid="training.free_places_of_ended_participation"
        )
        register_event_kinds(TrainingEvent)
        event_details.register()
        machines.register_machines()
        from training import reminders

        reminders.register()  # its kinds of deadline reminder
        notify_on(TrainingEvent.REQUESTED_LATE, adviser=True)
        for kind in (
            TrainingEvent.LATE_ACCEPTED,
            TrainingEvent.MOVED_UP,
            TrainingEvent.SESSION_CANCELLED,
            TrainingEvent.MISSED,
        ):
            notify_on(kind, contacts=True)
        register_portal_section(sections.PORTAL_SECTION, sections.portal_courses, order=10)
        register_case_section(
            sections.TRAINING_SECTION, sections.training_section, order=20, anchor="training", title=_("Training")
        )
        register_demo_builder(demo.seed_demo_training, order=40)
        register_adviser_admin_permissions(*(f"training.{action}_venue" for action in ("view", "add", "change")))
        register_account_page(_("Calendar feed"), "training:calendar_settings")
        register_menu_entry(_("Training"), "training:sessions", order=30, visible_to=may_browse_sessions)
        register_menu_entry(
            _("My courses"),
            "training:my_courses",
            order=16,
            visible_to=lambda user: user.is_authenticated and user.is_participant,
        )
