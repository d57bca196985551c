import io, zipfile, struct
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.test import Client
from partnerships import services
from partnerships.models import Partnership
from tests.partnerships.conftest import pdf_upload, reload


def odt_bytes(mimetype=b"application/vnd.oasis.opendocument.text", compress=zipfile.ZIP_STORED):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), mimetype, compress_type=compress)
        z.writestr("content.xml", b"<x/>")
    return buf.getvalue()


def corrupt_crc(data):
    # flip a byte of the stored mimetype payload -> CRC mismatch on read
    i = data.index(b"application/vnd")
    return data[:i] + b"A" + data[i + 1 :]


def test_odt_bad_crc_500(client, adviser, case):
    client.raise_request_exception = False
    client.force_login(adviser)
    f = SimpleUploadedFile("minutes.odt", corrupt_crc(odt_bytes()))
    r = client.post(reverse("partnerships:partner_meeting", args=[case.pk]),
                    {"date": "2026-04-15", "place": "K", "participants": "x", "minutes": f})
    print("BADCRC", r.status_code)


def test_odt_encrypted_flag_500(client, adviser, case):
    client.raise_request_exception = False
    client.force_login(adviser)
    data = bytearray(odt_bytes())
    # set general purpose bit 0 (encrypted) in local header and central dir for 'mimetype'
    lh = data.index(b"PK\x03\x04"); data[lh+6] |= 1
    cd = data.index(b"PK\x01\x02"); data[cd+8] |= 1
    f = SimpleUploadedFile("minutes.odt", bytes(data))
    r = client.post(reverse("partnerships:partner_meeting", args=[case.pk]),
                    {"date": "2026-04-15", "place": "K", "participants": "x", "minutes": f})
    print("ENCFLAG", r.status_code)


def test_odt_bomb_memory(case):
    import tracemalloc
    from partnerships.uploads import validate_document
    big = b"\0" * (200 * 1024 * 1024)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", big)
    data = buf.getvalue()
    del big
    print("ODT BOMB size", len(data))
    tracemalloc.start()
    try:
        validate_document(SimpleUploadedFile("m.odt", data))
    except Exception as e:
        print("exc", type(e).__name__)
    cur, peak = tracemalloc.get_traced_memory()
    print("PEAK MB", peak / 1e6)


def test_long_email_500(client, adviser, case, organisation):
    client.raise_request_exception = False
    client.force_login(adviser)
    email = "a" * 64 + "@" + ("b" * 60 + ".") * 4 + "com"
    print("len", len(email))
    r = client.post(reverse("partnerships:add_representative", args=[case.pk]),
                    {"organisation": organisation.pk, "full_name": "X", "email": email, "seminar_date": "2026-03-02"})
    print("LONGEMAIL rep", r.status_code)
    r = client.post(reverse("partnerships:invite_contact", args=[organisation.pk]),
                    {"full_name": "X", "email": email, "preferred_language": "en"})
    print("LONGEMAIL invite", r.status_code)


def test_huge_ids(client, adviser, contact, agreement):
    client.raise_request_exception = False
    case = agreement.partnership
    client.force_login(contact)
    r = client.get("/cases/99999999999999999999999/")
    print("HUGE case url", r.status_code)
    r = client.post(reverse("partnerships:sign_agreement", args=[case.pk]), {"organisation": "99999999999999999999999", "confirm": "on"})
    print("HUGE sign org", r.status_code)
    r = client.post(reverse("partnerships:sign_agreement", args=[case.pk]), {"organisation": "1", "revision": "99999999999999999999999", "confirm": "on"})
    print("HUGE revision", r.status_code)
    client.force_login(adviser)
    r = client.post(f"/cases/{case.pk}/rounds/99999/done/")
    print("HUGE round", r.status_code)
    r = client.get(f"/cases/{case.pk}/agreement/signatures/99999999999999999999999/copy/")
    print("HUGE sig", r.status_code)


def test_admin_password(client, adviser, contact, other_adviser):
    client.raise_request_exception = False
    client.force_login(adviser)
    r = client.get(f"/admin/norec/user/{other_adviser.pk}/password/")
    print("ADMIN pw other adviser", r.status_code)
    r = client.post(f"/admin/norec/user/{contact.pk}/password/", {"password1": "Zz9-very-long-pass", "password2": "Zz9-very-long-pass", "usable_password": "true"})
    print("ADMIN pw contact", r.status_code)
    contact.refresh_from_db()
    print("contact pw changed", contact.check_password("Zz9-very-long-pass"))
    from norec.models import AuditEvent
    print("audit events", list(AuditEvent.objects.values_list("action", flat=True)))
    r = client.get(f"/admin/norec/user/{contact.pk}/delete/")
    print("ADMIN delete user page", r.status_code)
