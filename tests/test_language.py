"""English first, Norwegian Bokmål complete; a user's choice sticks to their profile."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

PO_FILE = Path(settings.BASE_DIR) / "norec" / "locale" / "nb" / "LC_MESSAGES" / "django.po"


def test_switching_language_is_remembered_on_the_profile(contact_client, contact):
    response = contact_client.post(reverse("set_language"), {"language": "nb", "next": "/"})
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.preferred_language == "nb"
    assert "Velkommen" in contact_client.get(reverse("home")).content.decode()


def test_preferred_language_applies_after_sign_in(client, contact):
    contact.preferred_language = "nb"
    contact.save()
    client.force_login(contact)
    content = client.get(reverse("home")).content.decode()
    assert 'lang="nb"' in content
    assert "Velkommen" in content


def test_anonymous_visitors_can_switch_language(client, db):
    client.post(reverse("set_language"), {"language": "nb", "next": "/accounts/login/"})
    assert 'lang="nb"' in client.get("/accounts/login/").content.decode()


def _entries(po_text):
    """(msgid, msgstr, flags) for every entry of a .po file, with plural forms folded in."""
    entries, msgid, msgstrs, flags, current = [], None, [], "", None
    for line in [*po_text.splitlines(), ""]:
        if not line.strip():
            if msgid is not None:
                entries.append((msgid, msgstrs, flags))
            msgid, msgstrs, flags, current = None, [], "", None
        elif line.startswith("#,"):
            flags = line
        elif line.startswith("msgid "):
            msgid, current = line[6:].strip('"'), "id"
        elif line.startswith("msgid_plural"):
            current = "plural"
        elif line.startswith("msgstr"):
            msgstrs.append(line.split(" ", 1)[1].strip('"'))
            current = "str"
        elif line.startswith('"'):
            if current == "id":
                msgid += line.strip('"')
            elif current == "str":
                msgstrs[-1] += line.strip('"')
    return [entry for entry in entries if entry[0]]


def test_norwegian_translation_is_complete():
    entries = _entries(PO_FILE.read_text(encoding="utf-8"))
    assert len(entries) > 50
    untranslated = [msgid for msgid, msgstrs, _flags in entries if not all(msgstrs)]
    fuzzy = [msgid for msgid, _msgstrs, flags in entries if "fuzzy" in flags]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("text", ["Sign in to Norec Exchange", "Programme adviser", "Partner contact"])
def test_key_strings_are_translated(text):
    with translation.override("nb"):
        assert translation.gettext(text) != text
