from django.urls import path

from exchanges.views import (
    checklist,
    documents,
    legs,
    participant_list,
    participants,
    portal,
    reports,
    round_list,
    rounds,
)

app_name = "exchanges"
urlpatterns = [
    # The path it had when rounds lived in partnerships, so bookmarks and old pages still post here.
    path("cases/<int:pk>/rounds/<int:number>/done/", rounds.mark_round_exchange_done, name="mark_round_exchange_done"),
    path("cases/<int:pk>/rounds/<int:number>/", rounds.round_detail, name="round_detail"),
    path("cases/<int:pk>/rounds/<int:number>/legs/", legs.add_leg, name="add_leg"),
    path("cases/<int:pk>/rounds/<int:number>/legs/<int:leg_pk>/", legs.change_leg, name="change_leg"),
    path("cases/<int:pk>/rounds/<int:number>/legs/<int:leg_pk>/remove/", legs.remove_leg, name="remove_leg"),
    path(
        "cases/<int:pk>/rounds/<int:number>/legs/<int:leg_pk>/extra-place/",
        legs.accept_extra_place,
        name="accept_extra_place",
    ),
    path("cases/<int:pk>/rounds/<int:number>/steps/<str:step>/", rounds.advance_round, name="advance_round"),
    path("cases/<int:pk>/rounds/<int:number>/correct-departure/", rounds.correct_departure, name="correct_departure"),
    path("cases/<int:pk>/rounds/<int:number>/reports/<str:kind>/", reports.submit_report, name="submit_round_report"),
    path("cases/<int:pk>/rounds/<int:number>/agreement/", reports.set_round_agreement, name="set_round_agreement"),
    path(
        "cases/<int:pk>/rounds/<int:number>/agreement/approve/",
        reports.approve_round_agreement,
        name="approve_round_agreement",
    ),
    path("cases/<int:pk>/rounds/<int:number>/agreement.pdf", documents.round_agreement_pdf, name="round_agreement_pdf"),
    path("cases/<int:pk>/rounds/<int:number>/close/", reports.close_round, name="close_round"),
    path("round-reports/<int:report_pk>/accept/", reports.accept_report, name="accept_round_report"),
    path("round-reports/<int:report_pk>/return/", reports.return_report, name="return_round_report"),
    path("round-reports/<int:report_pk>/document/", reports.report_document, name="round_report_document"),
    path("cases/<int:pk>/rounds/<int:number>/legs/<int:leg_pk>/recruit/", participants.recruit, name="recruit"),
    path("participants/<int:participant_pk>/", participants.participant_detail, name="participant_detail"),
    path("participants/<int:participant_pk>/exchange.pdf", documents.participant_pdf, name="participant_pdf"),
    path("participants/<int:participant_pk>/follow-up-plan/", participants.follow_up_plan, name="follow_up_plan"),
    path("participants/<int:participant_pk>/invite/", participants.invite, name="invite_participant"),
    path("participants/<int:participant_pk>/age/", participants.accept_age, name="accept_age"),
    path("participants/<int:participant_pk>/withdraw/", participants.withdraw, name="withdraw_participant"),
    path("participants/<int:participant_pk>/return-early/", participants.return_early, name="return_early"),
    path("checklist/<int:item_pk>/done/", checklist.complete, name="complete_item"),
    path("checklist/<int:item_pk>/not-applicable/", checklist.not_applicable, name="item_not_applicable"),
    path("checklist/<int:item_pk>/reopen/", checklist.reopen, name="reopen_item"),
    path("checklist/<int:item_pk>/document/", checklist.document, name="item_document"),
    path("checklist/<int:item_pk>/thumbnail/", checklist.thumbnail, name="item_thumbnail"),
    path("my-exchange/", portal.portal, name="portal"),
    path("participants/caseload/", participant_list.caseload_participants, name="caseload_participants"),
    path(
        "participants/caseload/export.<str:file_format>",
        participant_list.export_participants,
        name="export_participants",
    ),
    path("rounds/", round_list.round_list, name="round_list"),
    path("rounds/export.<str:file_format>", round_list.export_rounds, name="export_rounds"),
]
