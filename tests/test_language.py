"""English first, Norwegian Bokmål complete; a user's choice sticks to their profile."""

import os
import shutil
import subprocess
import sys
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


# What the catalogue command of the README skips; the copy below leaves out the same, and what git ignores.
MAKEMESSAGES_IGNORE = (".venv", "node_modules", "staticfiles")
NOT_SOURCE = shutil.ignore_patterns(
    ".git", *MAKEMESSAGES_IGNORE, "media", "__pycache__", "*.pyc", "*.mo", ".ruff_cache", "test-results"
)


def test_the_catalogue_has_every_string_of_the_code(tmp_path):
    """makemessages over a copy of the code, merged into a copy of the catalogue: every string the
    code marks for translation has a bokmål translation that is not fuzzy. A new string without one
    (or one whose English changed) fails here, not in front of a Norwegian user."""
    for tool in ("xgettext", "msgmerge", "msguniq"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is missing, so the catalogue cannot be checked: install gettext (`make messages`)")
    copy = tmp_path / "code"
    shutil.copytree(settings.BASE_DIR, copy, ignore=NOT_SOURCE, symlinks=True)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "nb", "--no-obsolete", "-v", "0"]
        + [f"--ignore={folder}" for folder in MAKEMESSAGES_IGNORE],
        cwd=copy,
        check=True,
        capture_output=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "norec.settings"},
    )
    merged = _entries((copy / PO_FILE.relative_to(settings.BASE_DIR)).read_text(encoding="utf-8"))
    assert len(merged) > 50
    missing = [msgid for msgid, msgstrs, flags in merged if not all(msgstrs) or "fuzzy" in flags]
    assert missing == [], f"strings of the code without a bokmål translation in {PO_FILE}: {missing}"
