from django.urls import path

from workspace import document_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("cases/<int:pk>/summary.pdf", document_views.case_summary_pdf, name="case_summary_pdf"),
]
