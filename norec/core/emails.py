"""Email helpers: render a subject/body template pair in the recipient's language, and send it."""

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template.loader import get_template
from django.utils import translation


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    body: str
    html_body: str = ""  # an HTML alternative of the same content, if any


def _render_plain(template_name: str, context: dict) -> str:
    # Subjects and plain-text bodies are not HTML: a partnership named "A <b> & C" must read so, not
    # "A &lt;b&gt; &amp; C". The Django backend's Template has no autoescape switch, its engine
    # template has (through the Context).
    template = get_template(template_name).template
    return template.render(Context(context, autoescape=False))


def render_templated_email(*, template_prefix: str, context: dict, language: str = "en") -> RenderedEmail:
    """Render `templates/<template_prefix>_subject.txt` and `_message.txt` in `language`."""
    with translation.override(language):
        context = {"site_url": settings.NOREC_SITE_URL, **context}
        # One line: a header may not hold a line break.
        subject = " ".join(_render_plain(f"{template_prefix}_subject.txt", context).split())
        body = _render_plain(f"{template_prefix}_message.txt", context)
    return RenderedEmail(subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body=body)


def send_email(*, to: str, subject: str, body: str, html_body: str = "") -> None:
    email = EmailMultiAlternatives(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[to])
    if html_body:
        email.attach_alternative(html_body, "text/html")
    email.send()
