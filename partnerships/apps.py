from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = _("Partnerships")

    def ready(self):
        from norec.audit import register_actions

        register_actions(
            {
                "organisation.contact_added": _("Partner contact added"),
                # The partnership case's timeline (partnerships.services).
                "case.created": _("Partnership case opened"),
                "prestudy.representative_added": _("Introduction seminar representative recorded"),
                "prestudy.representative_removed": _("Introduction seminar representative removed"),
                "prestudy.meeting_recorded": _("Partner meeting recorded"),
                "prestudy.minutes_uploaded": _("Partner meeting minutes uploaded"),
                "case.application_started": _("Application phase started"),
                "application.draft_saved": _("Application draft saved"),
                "application.submitted": _("Application submitted"),
                "application.returned": _("Application returned for revision"),
                "application.approved": _("Application approved"),
                "application.declined": _("Application declined"),
                "case.declined": _("Partnership declined"),
                "agreement.created": _("Collaboration agreement created"),
                "agreement.signed": _("Collaboration agreement signed"),
                "case.exchange_started": _("Exchange phase started"),
                "round.exchange_done": _("Exchange round marked done"),
                "case.follow_up_started": _("Follow-up phase started"),
                "final_report.submitted": _("Final report submitted"),
                "final_report.returned": _("Final report returned for revision"),
                "final_report.accepted": _("Final report accepted"),
                "case.completed": _("Partnership completed"),
                "case.withdrawn": _("Partnership withdrawn"),
                "case.terminated": _("Partnership ended by the adviser"),
                "case.comment": _("Comment"),
            }
        )
