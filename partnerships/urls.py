from django.urls import path

from partnerships.views import (
    agreement,
    application,
    application_actions,
    application_history,
    cases,
    exits,
    exports,
    follow_up,
    organisations,
    prestudy,
)

app_name = "partnerships"
urlpatterns = [
    path("organisations/", organisations.organisation_list, name="organisation_list"),
    path("organisations/new/", organisations.organisation_create, name="organisation_create"),
    path("organisations/<int:pk>/", organisations.organisation_detail, name="organisation_detail"),
    path("organisations/<int:pk>/edit/", organisations.organisation_edit, name="organisation_edit"),
    path("organisations/<int:pk>/invite/", organisations.invite_contact, name="invite_contact"),
    # The case and everything done to it. Each action has its own POST-only URL.
    path("cases/", cases.case_list, name="case_list"),
    path("cases/export.<str:file_format>", exports.export_cases, name="export_cases"),
    path("cases/new/", cases.case_create, name="case_create"),
    path("cases/<int:pk>/", cases.case_detail, name="case_detail"),
    path("cases/<int:pk>/timeline/", cases.case_timeline, name="case_timeline"),
    path("cases/<int:pk>/representatives/", prestudy.add_representative, name="add_representative"),
    path(
        "cases/<int:pk>/representatives/<int:representative_pk>/remove/",
        prestudy.remove_representative,
        name="remove_representative",
    ),
    path("cases/<int:pk>/partner-meeting/", prestudy.partner_meeting, name="partner_meeting"),
    path("cases/<int:pk>/partner-meeting/minutes/", prestudy.partner_meeting_minutes, name="partner_meeting_minutes"),
    path("cases/<int:pk>/start-application/", application_actions.start_application, name="start_application"),
    path("cases/<int:pk>/application/", application.application_edit, name="application_edit"),
    path("cases/<int:pk>/application/autosave/", application.application_autosave, name="application_autosave"),
    path("cases/<int:pk>/application/history/", application_history.application_history, name="application_history"),
    path(
        "cases/<int:pk>/application/history/<int:number>/restore/",
        application_history.restore_application_field,
        name="restore_application_field",
    ),
    path(
        "cases/<int:pk>/application/confirm-submit/",
        application_history.confirm_submit_application,
        name="confirm_submit_application",
    ),
    path("cases/<int:pk>/application/submit/", application_actions.submit_application, name="submit_application"),
    path("cases/<int:pk>/application/return/", application_actions.return_application, name="return_application"),
    path("cases/<int:pk>/application/approve/", application_actions.approve_application, name="approve_application"),
    path("cases/<int:pk>/application/decline/", application_actions.decline_application, name="decline_application"),
    path("cases/<int:pk>/agreement.pdf", agreement.agreement_pdf, name="agreement_pdf"),
    path("cases/<int:pk>/agreement/sign/", agreement.sign_agreement, name="sign_agreement"),
    path("cases/<int:pk>/agreement/signatures/<int:signature_pk>/copy/", agreement.signed_copy, name="signed_copy"),
    path("cases/<int:pk>/final-report/", follow_up.submit_final_report, name="submit_final_report"),
    path(
        "cases/<int:pk>/final-report/<int:report_pk>/attachment/",
        follow_up.final_report_attachment,
        name="final_report_attachment",
    ),
    path("cases/<int:pk>/final-report/accept/", follow_up.accept_final_report, name="accept_final_report"),
    path("cases/<int:pk>/final-report/return/", follow_up.return_final_report, name="return_final_report"),
    path("cases/<int:pk>/withdraw/", exits.withdraw, name="withdraw"),
    path("cases/<int:pk>/terminate/", exits.terminate, name="terminate"),
    path("cases/<int:pk>/comments/", exits.add_comment, name="add_comment"),
]
