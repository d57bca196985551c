from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangesConfig(AppConfig):
    name = "exchanges"
    verbose_name = _("Exchanges")

    def ready(self):
        # Tell the core and the partnership case what this app adds: its timeline events, when the
        # exchange is finished, what it waits for, the rounds on the case page, the rounds of a new
        # agreement, its demo.
        from exchanges import demo, demo_participants, event_details, machines, receivers, sections
        from exchanges.events import ParticipantEvent, RoundEvent
        from exchanges.selectors.waiting import EXCHANGE_WAITING
        from norec.core.audit import register_event_kinds
        from norec.core.demo import register_demo_builder
        from norec.core.menu import register_menu_entry
        from norec.core.models import register_adviser_admin_permissions
        from partnerships.case_sections import register_case_section
        from partnerships.hooks import register_exchange_gate, register_follow_up_gate, register_waiting_source
        from partnerships.notifications import notify_on
        from partnerships.signals import agreement_made, case_completed, case_ended

        machines.register_machines()
        from exchanges import reminders

        reminders.register()  # its kinds of deadline reminder
        register_event_kinds(RoundEvent)
        register_event_kinds(ParticipantEvent)
        event_details.register()
        register_exchange_gate(receivers.exchange_gate)
        register_follow_up_gate(receivers.follow_up_gate)
        register_waiting_source(EXCHANGE_WAITING)  # what its case waits for during the exchange
        notify_on(RoundEvent.REPORT_SUBMITTED, adviser=True)
        notify_on(RoundEvent.AGREEMENT_APPROVED, contacts=True)
        notify_on(RoundEvent.AGREEMENT_REOPENED, adviser=True, contacts=True)
        notify_on(RoundEvent.REPORT_RETURNED, contacts=True)
        notify_on(RoundEvent.REPORT_ACCEPTED, contacts=True)
        register_case_section(
            sections.ROUNDS_SECTION, sections.rounds_section, order=10, anchor="exchange", title=_("Exchange rounds")
        )
        register_menu_entry(
            _("My exchange"),
            "exchanges:portal",
            order=15,
            visible_to=lambda user: user.is_authenticated and user.is_participant,
        )
        register_adviser_admin_permissions(
            *(
                f"exchanges.{action}_{model}"
                for model in ("checklisttemplate", "checklisttemplateitem")
                for action in ("view", "add", "change", "delete")
            )
        )
        agreement_made.connect(receivers.create_rounds_for_agreement, dispatch_uid="exchanges.create_rounds")
        case_completed.connect(receivers.close_rounds_of_completed_case, dispatch_uid="exchanges.close_rounds")
        case_ended.connect(receivers.cancel_rounds_of_ended_case, dispatch_uid="exchanges.cancel_rounds")
        register_demo_builder(demo.finish_demo_exchanges, order=30)
        register_demo_builder(demo_participants.seed_demo_participants, order=35)
