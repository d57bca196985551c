"""Demo data: the people a first-time visitor can sign in as, and what each app adds.

The core makes the adviser and the participant; every app registers a builder (in its
`AppConfig.ready()`) that adds its part through its own services, in `order`. Builders share one
`Demo` object: the people made so far, what earlier builders left for later ones, and the logins
to print.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from norec.core.models import User
from norec.core.roles import Role

DEMO_PASSWORD = "norec-demo-2026"


@dataclass(frozen=True)
class DemoLogin:
    email: str
    password: str
    role: str
    full_name: str
    note: str = ""


@dataclass
class Demo:
    adviser: User
    participant: User
    logins: list[DemoLogin] = field(default_factory=list)
    # What builders leave for later builders, by name (e.g. "organisations", "cases").
    shared: dict = field(default_factory=dict)

    def user(self, email: str, full_name: str, role: str, *, language: str = "en", note: str = "") -> User:
        """Create or refresh a demo person with the demo password, and list their login."""
        user = demo_user(email, full_name, role, language)
        self.logins.append(DemoLogin(email, DEMO_PASSWORD, user.get_role_display(), full_name, note))
        return user


_builders: list[tuple[int, Callable[[Demo], None]]] = []


def register_demo_builder(builder: Callable[[Demo], None], *, order: int) -> None:
    if all(existing is not builder for _order, existing in _builders):
        _builders.append((order, builder))


def demo_user(email: str, full_name: str, role: str, language: str = "en") -> User:
    user, _created = User.objects.update_or_create(
        email=email, defaults={"full_name": full_name, "role": role, "preferred_language": language, "is_active": True}
    )
    user.set_password(DEMO_PASSWORD)
    user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


@transaction.atomic
def seed_demo() -> list[DemoLogin]:
    """Create (or refresh) the demo people and every app's demo data. Safe to run again."""
    adviser = demo_user("adviser@norec.example", "Ingrid Adviser", Role.ADVISER, "nb")
    # She leads the programme: the dashboard of every adviser, and cases to give to another.
    User.objects.filter(pk=adviser.pk).update(is_head_of_programme=True)
    participant = demo_user("amina@participant.example", "Amina Participant", Role.PARTICIPANT)
    demo = Demo(adviser=adviser, participant=participant)
    demo.logins.append(
        DemoLogin(
            adviser.email, DEMO_PASSWORD, adviser.get_role_display(), adviser.full_name, "Norwegian, head of programme"
        )
    )
    demo.user("jonas.adviser@norec.example", "Jonas Adviser", Role.ADVISER, note="a second adviser, without cases")
    for _order, builder in sorted(_builders, key=lambda entry: entry[0]):
        builder(demo)
    demo.logins.append(
        DemoLogin(participant.email, DEMO_PASSWORD, participant.get_role_display(), participant.full_name)
    )
    return demo.logins


def seed_demo_without_emails() -> list[DemoLogin]:
    """seed_demo, emailing nobody: the demo's made-up history is news to no one (nor printed)."""
    configured_backend = settings.EMAIL_BACKEND
    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
    try:
        return seed_demo()
    finally:
        settings.EMAIL_BACKEND = configured_backend


def login_lines(logins: list[DemoLogin]) -> list[str]:
    """One line per demo login: role, email and what to know about them (the password is the same)."""
    return [f"  {login.role:<20} {login.email:<32} {login.note and f'({login.note})'}".rstrip() for login in logins]


def demo_pdf(title: str) -> bytes:
    """A one-page A4 PDF saying `title` and that it is a demo document: what the demo uploads for
    minutes, reports and participants' documents, so that viewers open them (a PDF without a page
    is refused). Written out here, in PDF's own syntax with a standard font, rather than rendered:
    the demo uploads dozens and WeasyPrint takes a second each."""
    lines = "BT /F1 18 Tf 72 760 Td ({}) Tj 0 -30 Td /F1 11 Tf ({}) Tj ET".format(
        _pdf_text(title), _pdf_text("Norec Exchange demo document")
    ).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(lines), lines),
    ]
    pdf, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    table = b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    return pdf + (
        b"xref\n0 %d\n0000000000 65535 f \n%strailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, table, len(objects) + 1, len(pdf))
    )


def _pdf_text(text: str) -> str:
    """`text` as a PDF string's contents in the standard font's Latin-1 (anything else as "?")."""
    text = text.encode("latin-1", "replace").decode("latin-1")
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def demo_pdf_upload(name: str) -> SimpleUploadedFile:
    """`name` ("partner-meeting-minutes.pdf") uploaded as a demo PDF titled after it ("Partner meeting minutes")."""
    title = name.removesuffix(".pdf").replace("-", " ").capitalize()
    return SimpleUploadedFile(name, demo_pdf(title), content_type="application/pdf")
