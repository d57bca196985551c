from django.urls import path

from workspace import dashboard_views, document_views, search_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", dashboard_views.dashboard_page, name="dashboard"),
    path("search/", search_views.search, name="search"),
    path("cases/<int:pk>/summary.pdf", document_views.case_summary_pdf, name="case_summary_pdf"),
]
