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
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

PDF, PNG, JPEG, HEIC, DOCX, ODT = "pdf", "png", "jpeg", "heic", "docx", "odt"
TYPE_LABELS = {PDF: "PDF", PNG: "PNG", JPEG: "JPEG", HEIC: "HEIC", DOCX: "Word (DOCX)", ODT: "OpenDocument (ODT)"}
EXTENSION_TYPES = {
    "pdf": PDF,
    "png": PNG,
    "jpg": JPEG,
    "jpeg": JPEG,
    "heic": HEIC,
    "heif": HEIC,
    "docx": DOCX,
    "odt": ODT,
}

DOCUMENT_TYPES = (PDF, DOCX, ODT)  # minutes, reports
SIGNED_COPY_TYPES = (PDF, PNG, JPEG)  # a signed paper, scanned or photographed
PHOTO_OR_PDF_TYPES = (PDF, PNG, JPEG, HEIC)  # a participant's visa or insurance, often a phone photo

_ZIP_MAGIC = b"PK\x03\x04"
# Office documents with a password are not zip files but OLE compound files holding the encrypted package.
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
_MANIFEST_MAX_BYTES = 1_000_000  # a real manifest is a few kilobytes
_ZIP_ENCRYPTED = 0x1  # general purpose flag bit 0: the member is encrypted
# What reading a damaged or crafted member can raise: a bad CRC (BadZipFile), a truncated or corrupt
# stream (EOFError, zlib.error, OSError), an unsupported compression method (NotImplementedError), a
# member named in the directory but missing (KeyError), a malformed header (ValueError).
_BROKEN_ZIP_ERRORS = (zipfile.BadZipFile, EOFError, zlib.error, OSError, NotImplementedError, KeyError, ValueError)
_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}
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
    if file_type == HEIC:
        # An ISO media file: a box size, then "ftyp" and a HEIF brand (iPhones write heic or mif1).
        if head[4:8] != b"ftyp" or head[8:12] not in _HEIF_BRANDS:
            raise _not_really(file_type, extension)
        return
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
    # Only the names are read, never a member's content, so a member that inflates hugely costs nothing.
    with _open_zip(file, DOCX, extension) as archive:
        names = set(archive.namelist())
    if "[Content_Types].xml" not in names or "word/document.xml" not in names:
        raise _not_really(DOCX, extension)


def _check_odt(file, extension: str) -> None:
    with _open_zip(file, ODT, extension) as archive:
        names = set(archive.namelist())
        if "mimetype" not in names:
            raise _not_really(ODT, extension)
        # One byte more than expected, so that "expected plus more" is seen as different.
        mimetype = _read_member(archive, "mimetype", len(_ODT_MIMETYPE) + 1)
        if mimetype is None or mimetype.strip() != _ODT_MIMETYPE:
            raise _not_really(ODT, extension)
        if "META-INF/manifest.xml" in names:
            manifest = _read_member(archive, "META-INF/manifest.xml", _MANIFEST_MAX_BYTES)
            if manifest is None:
                raise _not_really(ODT, extension)
            if b"encryption-data" in manifest:
                raise _password_protected()


def _read_member(archive: zipfile.ZipFile, name: str, limit: int) -> bytes | None:
    """The member's content, or None if it says it is larger than `limit` bytes.

    The size the archive claims is checked first, and the read is bounded anyway: a few kilobytes
    of upload can inflate to gigabytes (a "zip bomb"), and the claimed size may lie."""
    info = archive.getinfo(name)
    if info.flag_bits & _ZIP_ENCRYPTED:
        raise _password_protected()
    if info.file_size > limit:
        return None
    with archive.open(info) as member:
        return member.read(limit)


@contextmanager
def _open_zip(file, file_type: str, extension: str) -> Iterator[zipfile.ZipFile]:
    """Open an uploaded zip. A broken or hostile archive becomes the usual ValidationError, also
    when the fault shows only while a member is read inside the `with` block."""
    file.seek(0)
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise _not_really(file_type, extension) from error
    try:
        yield archive
    except _BROKEN_ZIP_ERRORS as error:  # first: NotImplementedError is a RuntimeError too
        raise _not_really(file_type, extension) from error
    except RuntimeError as error:  # zipfile's answer to an encrypted member read without a password
        raise _password_protected() from error
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
