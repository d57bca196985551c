"""Uploaded files of a case: what is accepted, and where it is stored.

A file is judged by its content, not only its name: the first bytes must match the type its
extension claims, so a renamed executable is not accepted as "minutes.pdf". Password-protected
documents are refused, because Norec's rules say uploaded documents may not be (DOMAIN,
"Documents from every partner"), and nobody at Norec could open them.

Stored names never come from the client: "cases/<partnership id>/<kind>/<random>.<ext>". The
original name is kept in a field of its own for display.
"""

import uuid
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

PDF, PNG, JPEG, DOCX, ODT = "pdf", "png", "jpeg", "docx", "odt"
TYPE_LABELS = {PDF: "PDF", PNG: "PNG", JPEG: "JPEG", DOCX: "Word (DOCX)", ODT: "OpenDocument (ODT)"}
EXTENSION_TYPES = {"pdf": PDF, "png": PNG, "jpg": JPEG, "jpeg": JPEG, "docx": DOCX, "odt": ODT}

DOCUMENT_TYPES = (PDF, DOCX, ODT)  # minutes, reports
SIGNED_COPY_TYPES = (PDF, PNG, JPEG)  # a signed paper, scanned or photographed

_ZIP_MAGIC = b"PK\x03\x04"
# Office documents with a password are not zip files but OLE compound files holding the encrypted package.
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
_MAGIC = {PDF: b"%PDF-", PNG: b"\x89PNG\r\n\x1a\n", JPEG: b"\xff\xd8\xff"}


def file_extension(name: str) -> str:
    return PurePath(name or "").suffix.lower().lstrip(".")


def validate_upload(file, *, allowed_types) -> None:
    """Raise ValidationError unless `file` is small enough, of an allowed type, and really of that type."""
    extension = file_extension(file.name)
    file_type = EXTENSION_TYPES.get(extension)
    if file_type not in allowed_types:
        allowed = ", ".join(ext for ext, kind in EXTENSION_TYPES.items() if kind in allowed_types)
        if extension:
            message = _("Files of type .%(extension)s are not accepted. Upload one of: %(allowed)s.")
        else:
            message = _("The file name has no extension. Upload one of: %(allowed)s.")
        raise ValidationError(message, code="file_type", params={"extension": extension, "allowed": allowed})
    if file.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    limit = settings.NOREC_UPLOAD_MAX_BYTES
    if file.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s). The limit is %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
        )
    _check_content(file, file_type, extension)


def validate_document(file) -> None:
    validate_upload(file, allowed_types=DOCUMENT_TYPES)


def validate_signed_copy(file) -> None:
    validate_upload(file, allowed_types=SIGNED_COPY_TYPES)


def _check_content(file, file_type: str, extension: str) -> None:
    head = _read_head(file, 16)
    if file_type in (DOCX, ODT) and head.startswith(_OLE_MAGIC):
        raise _password_protected()  # or a pre-2007 .doc renamed; either way not readable as claimed
    expected = _MAGIC.get(file_type, _ZIP_MAGIC)
    if not head.startswith(expected):
        raise _not_really(file_type, extension)
    if file_type == PDF and _contains(file, b"/Encrypt"):
        raise _password_protected()
    if file_type == DOCX:
        _check_docx(file, extension)
    if file_type == ODT:
        _check_odt(file, extension)


def _check_docx(file, extension: str) -> None:
    with _open_zip(file, DOCX, extension) as archive:
        names = set(archive.namelist())
    if "[Content_Types].xml" not in names or "word/document.xml" not in names:
        raise _not_really(DOCX, extension)


def _check_odt(file, extension: str) -> None:
    with _open_zip(file, ODT, extension) as archive:
        names = set(archive.namelist())
        if "mimetype" not in names or archive.read("mimetype").strip() != _ODT_MIMETYPE:
            raise _not_really(ODT, extension)
        if "META-INF/manifest.xml" in names:
            with archive.open("META-INF/manifest.xml") as manifest:
                # The manifest is small; reading a bounded amount keeps a hostile archive from costing much.
                if b"encryption-data" in manifest.read(1_000_000):
                    raise _password_protected()


@contextmanager
def _open_zip(file, file_type: str, extension: str) -> Iterator[zipfile.ZipFile]:
    file.seek(0)
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise _not_really(file_type, extension) from error
    try:
        yield archive
    finally:
        archive.close()
        file.seek(0)


def _read_head(file, size: int) -> bytes:
    file.seek(0)
    head = file.read(size)
    file.seek(0)
    return head


def _contains(file, needle: bytes) -> bool:
    """Scan the whole file in chunks; the overlap catches a needle split across two chunks."""
    file.seek(0)
    tail = b""
    try:
        for chunk in file.chunks():
            if needle in tail + chunk:
                return True
            tail = chunk[-(len(needle) - 1) :]
        return False
    finally:
        file.seek(0)


def _not_really(file_type: str, extension: str) -> ValidationError:
    return ValidationError(
        _("The file is not a valid %(type)s file, although its name ends in .%(extension)s."),
        code="content_mismatch",
        params={"type": TYPE_LABELS[file_type], "extension": extension},
    )


def _password_protected() -> ValidationError:
    return ValidationError(
        _("The file is password-protected. Upload a copy without a password."), code="password_protected"
    )


@deconstructible
class CaseUploadPath:
    """upload_to for a case's files: "cases/<partnership id>/<kind>/<random hex>.<extension>".

    The instance must have `partnership_id`. The extension is the validated one, normalised
    (".jpeg" and ".jpg" are stored as ".jpg"); nothing else of the client's name is used."""

    def __init__(self, kind: str):
        self.kind = kind

    def __call__(self, instance, filename: str) -> str:
        extension = file_extension(filename)
        file_type = EXTENSION_TYPES.get(extension)
        stored_extension = "jpg" if file_type == JPEG else (file_type or "bin")
        return f"cases/{instance.partnership_id}/{self.kind}/{uuid.uuid4().hex}.{stored_extension}"

    def __eq__(self, other):
        return isinstance(other, CaseUploadPath) and other.kind == self.kind

    def __hash__(self):
        return hash(self.kind)
