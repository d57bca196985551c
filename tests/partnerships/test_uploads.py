"""Upload validation: size, type by name and by content, password protection; stored names."""

import io
import re
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from norec.core.uploads import CaseUploadPath, validate_document, validate_signed_copy
from tests.partnerships.conftest import PDF_BYTES

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG_BYTES = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def upload(name, content):
    return SimpleUploadedFile(name, content)


def zipped(entries: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX_BYTES = zipped({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
ODT_BYTES = zipped({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<office/>"})


def messages(validator, file):
    with pytest.raises(ValidationError) as error:
        validator(file)
    return error.value.messages


@pytest.mark.parametrize(("name", "content"), [("a.pdf", PDF_BYTES), ("a.DOCX", DOCX_BYTES), ("a.odt", ODT_BYTES)])
def test_documents_are_accepted(name, content):
    validate_document(upload(name, content))


@pytest.mark.parametrize(
    ("name", "content"), [("scan.pdf", PDF_BYTES), ("photo.png", PNG_BYTES), ("photo.jpeg", JPEG_BYTES)]
)
def test_signed_copies_are_accepted(name, content):
    validate_signed_copy(upload(name, content))


def test_too_large(settings):
    settings.NOREC_UPLOAD_MAX_BYTES = 1024
    assert messages(validate_document, upload("big.pdf", PDF_BYTES + b"0" * 2048)) == [
        "The file is too large (2.1\xa0KB). The limit is 1.0\xa0KB."
    ]


def test_wrong_type():
    assert messages(validate_document, upload("run.exe", b"MZ\x90\x00")) == [
        "Files of type .exe are not accepted. Upload one of: pdf, docx, odt."
    ]
    assert messages(validate_document, upload("photo.png", PNG_BYTES)) == [
        "Files of type .png are not accepted. Upload one of: pdf, docx, odt."
    ]
    assert messages(validate_signed_copy, upload("noextension", PDF_BYTES)) == [
        "The file name has no extension. Upload one of: pdf, png, jpg, jpeg."
    ]


@pytest.mark.parametrize(
    ("validator", "name", "content", "kind"),
    [
        (validate_document, "minutes.pdf", b"MZ\x90\x00 an executable", "PDF"),
        (validate_document, "minutes.docx", PDF_BYTES, "Word (DOCX)"),
        (validate_document, "minutes.docx", zipped({"hello.txt": "not a document"}), "Word (DOCX)"),
        (validate_document, "minutes.odt", DOCX_BYTES, "OpenDocument (ODT)"),
        (validate_document, "minutes.docx", b"PK\x03\x04 truncated zip", "Word (DOCX)"),
        (validate_signed_copy, "scan.png", JPEG_BYTES, "PNG"),
        (validate_signed_copy, "scan.jpg", PDF_BYTES, "JPEG"),
    ],
)
def test_fake_extension(validator, name, content, kind):
    extension = name.rsplit(".", 1)[1]
    assert messages(validator, upload(name, content)) == [
        f"The file is not a valid {kind} file, although its name ends in .{extension}."
    ]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("locked.pdf", b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer << /Root 1 0 R /Encrypt 5 0 R >>\n%%EOF"),
        ("locked.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64),
        (
            "locked.odt",
            zipped(
                {
                    "mimetype": "application/vnd.oasis.opendocument.text",
                    "META-INF/manifest.xml": "<manifest:encryption-data/>",
                }
            ),
        ),
    ],
)
def test_password_protected_documents_are_refused(name, content):
    assert messages(validate_document, upload(name, content)) == [
        "The file is password-protected. Upload a copy without a password."
    ]


def test_encrypt_marker_split_across_chunks_is_found():
    content = b"%PDF-1.7\n" + b" " * (64 * 1024 - 12) + b"/Encrypt 5 0 R\n%%EOF"
    assert messages(validate_document, upload("locked.pdf", content)) == [
        "The file is password-protected. Upload a copy without a password."
    ]


def test_empty_file():
    assert messages(validate_document, upload("empty.pdf", b"")) == ["The file is empty."]


def test_stored_path_ignores_the_client_name():
    class Owner:
        partnership_id = 42

    path = CaseUploadPath("minutes")(Owner(), "../../../etc/passwd.JPEG")
    assert re.fullmatch(r"cases/42/minutes/[0-9a-f]{32}\.jpg", path)


# --- Hostile archives: bounded reads, and a clear "no" instead of a crash ---

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def tampered(content: bytes, *, flags: int | None = None, method: int | None = None) -> bytes:
    """Change the first member's general purpose flags or compression method, in its local header
    (at offset 0) and in its central directory record, as a crafted upload would."""
    data = bytearray(content)
    central = data.index(b"PK\x01\x02")
    for offset, value in ((6, flags), (8, method)):
        if value is not None:
            data[offset : offset + 2] = value.to_bytes(2, "little")
            data[central + offset + 2 : central + offset + 4] = value.to_bytes(2, "little")
    return bytes(data)


def with_bad_checksum(content: bytes) -> bytes:
    """Flip one bit of the stored ODT mimetype, so its CRC no longer matches."""
    data = bytearray(content)
    data[data.index(ODT_MIMETYPE) + 5] ^= 0x01  # stored uncompressed, right after the local header
    return bytes(data)


def test_a_huge_odt_mimetype_is_not_read(monkeypatch):
    """A zip bomb: a few MB that deflate to almost nothing. Only a few bytes of it may be read."""
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", ODT_MIMETYPE + b" " * 4_000_000)
    read_sizes = []
    original_read = zipfile.ZipExtFile.read

    def counting_read(self, n=-1):
        data = original_read(self, n)
        read_sizes.append(len(data))
        return data

    monkeypatch.setattr(zipfile.ZipExtFile, "read", counting_read)
    assert messages(validate_document, upload("bomb.odt", bomb.getvalue())) == [
        "The file is not a valid OpenDocument (ODT) file, although its name ends in .odt."
    ]
    assert max(read_sizes, default=0) <= len(ODT_MIMETYPE) + 1


def test_an_odt_with_a_bad_checksum_is_refused():
    assert messages(validate_document, upload("broken.odt", with_bad_checksum(ODT_BYTES))) == [
        "The file is not a valid OpenDocument (ODT) file, although its name ends in .odt."
    ]


def test_an_odt_with_an_unsupported_compression_is_refused():
    assert messages(validate_document, upload("odd.odt", tampered(ODT_BYTES, method=99))) == [
        "The file is not a valid OpenDocument (ODT) file, although its name ends in .odt."
    ]


def test_an_odt_with_an_encrypted_member_is_password_protected():
    assert messages(validate_document, upload("locked.odt", tampered(ODT_BYTES, flags=0x1))) == [
        "The file is password-protected. Upload a copy without a password."
    ]


def test_an_encrypted_member_that_slips_past_the_flag_check_is_password_protected(monkeypatch):
    """zipfile itself raises RuntimeError for an encrypted member; that too is a clear answer."""
    content = tampered(ODT_BYTES, flags=0x1)
    monkeypatch.setattr("norec.core.uploads._ZIP_ENCRYPTED", 0)
    assert messages(validate_document, upload("locked.odt", content)) == [
        "The file is password-protected. Upload a copy without a password."
    ]
