"""Email helper: render a subject/body template pair in the recipient's language and send it."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def send_templated_email(*, to: str, template_prefix: str, context: dict, language: str = "en") -> None:
    """Send `templates/<template_prefix>_subject.txt` and `_message.txt` (plus `_message.html` if present)."""
    with translation.override(language):
        context = {"site_url": settings.NOREC_SITE_URL, **context}
        subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", context).split())
        body = render_to_string(f"{template_prefix}_message.txt", context)
    message = EmailMultiAlternatives(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
    )
    message.send()
