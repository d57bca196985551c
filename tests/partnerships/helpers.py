"""What the case view tests share: URLs of a case, the messages a response carries, form data."""

from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partnerships.models import Partnership

# The one sentence every stale page is told (partnerships/services/locking.py).
RELOAD = "Reload the page to see the change"


def url(name: str, case: Partnership, **kwargs) -> str:
    return reverse(f"partnerships:{name}", kwargs={"pk": case.pk, **kwargs})


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def fake_pdf(name: str = "minutes.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"MZ\x90\x00 this is not a PDF", content_type="application/pdf")


def confirmed(**data) -> dict:
    return {"confirm": "on", **data}
