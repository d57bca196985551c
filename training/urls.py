from django.urls import path

from training.views import documents, enrolment_list, enrolments, feeds, public, sessions

app_name = "training"
urlpatterns = [
    path("training/", sessions.sessions, name="sessions"),
    path("training/sessions/new/", sessions.plan_session, name="plan_session"),
    path("training/sessions/<int:pk>/", sessions.session_detail, name="session_detail"),
    path("training/sessions/<int:pk>/change/", sessions.change_session, name="change_session"),
    path("training/sessions/<int:pk>/cancel/", sessions.cancel_session, name="cancel_session"),
    path("training/sessions/<int:pk>/attendance/", sessions.record_attendance, name="record_attendance"),
    path("training/sessions/<int:pk>/enrol/", enrolments.enrol, name="enrol"),
    path("training/sessions/<int:pk>/attendees.csv", documents.attendees_csv, name="attendees_csv"),
    path("training/sessions/<int:pk>/attendees.xlsx", documents.attendees_xlsx, name="attendees_xlsx"),
    path("training/needs/", sessions.training_needs, name="needs"),
    path("training/enrolments/", enrolment_list.enrolment_list, name="enrolment_list"),
    path("training/enrolments/export.<str:file_format>", enrolment_list.export_enrolments, name="export_enrolments"),
    path("training/enrolments/<int:enrolment_pk>/cancel/", enrolments.cancel_enrolment, name="cancel_enrolment"),
    path("training/enrolments/<int:enrolment_pk>/accept/", enrolments.accept_late_request, name="accept_late"),
    path("training/enrolments/<int:enrolment_pk>/letter.pdf", documents.invitation_letter, name="letter"),
    path("my-courses/", enrolments.my_courses, name="my_courses"),
    path("account/calendar/", feeds.calendar_settings, name="calendar_settings"),
    path("calendar/<str:token>.ics", public.calendar_feed, name="calendar_feed"),
    path("verify/", public.verify_letter, name="verify_letter"),
    path("verify/<str:code>/", public.verify_letter, name="verify_letter_code"),
]
