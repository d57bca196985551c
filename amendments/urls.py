from django.urls import path

from amendments.views import detail, drafting, lists

app_name = "amendments"
urlpatterns = [
    path("amendments/", lists.queue, name="queue"),
    path("cases/<int:pk>/amendments/new/b03/", drafting.start_b03, name="start_b03"),
    path("cases/<int:pk>/rounds/<int:number>/amendments/new/", drafting.start_c05, name="start_c05"),
    path("cases/<int:pk>/agreement/history/", lists.history, name="history"),
    path("amendments/<int:amendment_pk>/", detail.detail, name="detail"),
    path("amendments/<int:amendment_pk>/change/", drafting.edit, name="edit"),
    path("amendments/<int:amendment_pk>/form.pdf", detail.pdf, name="pdf"),
    path("amendments/<int:amendment_pk>/decision/", detail.decide, name="decide"),
    path("amendments/<int:amendment_pk>/documents/", detail.add_document, name="add_document"),
    path("amendments/<int:amendment_pk>/<str:step>/", detail.take_step, name="step"),
    path("amendments/<int:amendment_pk>/documents/<int:document_pk>/", detail.document, name="document"),
    path(
        "amendments/<int:amendment_pk>/documents/<int:document_pk>/remove/",
        detail.remove_document,
        name="remove_document",
    ),
]
