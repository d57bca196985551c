from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AmendmentsConfig(AppConfig):
    name = "amendments"
    verbose_name = _("Amendments")

    def ready(self):
        # Tell the core and the apps below what amendments add: timeline events and who hears of
        # them, the state machine, the case page's section, the round page's link, the menu, the demo.
        from amendments import demo, event_details, machines, reminders, sections, waiting
        from amendments.events import AmendmentEvent
        from amendments.permissions import may_see_queue
        from exchanges.round_links import register_round_links
        from norec.core.audit import register_event_kinds
        from norec.core.demo import register_demo_builder
        from norec.core.menu import register_menu_entry
        from partnerships.case_sections import register_case_section
        from partnerships.hooks import register_waiting_source
        from partnerships.notifications import notify_on

        register_event_kinds(AmendmentEvent)
        event_details.register()
        machines.register_machines()
        reminders.register()  # its kinds of deadline reminder
        notify_on(AmendmentEvent.SUBMITTED, adviser=True)
        notify_on(AmendmentEvent.WITHDRAWN, adviser=True, contacts=True)  # the other partners hear of it too
        for kind in (AmendmentEvent.RETURNED, AmendmentEvent.APPROVED, AmendmentEvent.REJECTED):
            notify_on(kind, contacts=True)
        register_case_section(
            sections.AMENDMENTS_SECTION,
            sections.amendments_section,
            order=30,
            anchor="amendments",
            title=_("Amendments"),
        )
        register_round_links(sections.round_amendment_links)
        register_waiting_source(waiting.AMENDMENT_WAITING)  # what its case waits for: a decision, a revision
        register_demo_builder(demo.seed_demo_amendments, order=50)
        register_menu_entry(_("Amendments"), "amendments:queue", order=35, visible_to=may_see_queue)
