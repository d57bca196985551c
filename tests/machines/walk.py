"""Walking the pages as a person would, for the no-dead-ends check: read a page's forms and links
(the buttons and links it shows), fill a form as a person would, press it, and tell "done" (a
success message, no error) from "refused" (an error message, a form sent back).

A step is one form a page shows, or a link to a page whose form then does the work (recruiting a
participant is a link to a form). Only the service's own actions count: the language switcher and
signing out are not next steps."""

import re
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.contrib.messages import constants, get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import Client
from django.urls import Resolver404, resolve

from tests.factories import pdf_upload

DOMAIN_NAMESPACES = {"partnerships", "exchanges", "training", "amendments", "workspace"}
TYPED = "Written by a person walking the no-dead-ends check."

# What a person types into fields whose name tells what they want (everything else required gets
# a sensible value from its type). A budget line's planned amount: 10 000 each, the participant
# activities 1 000, within the cap of 10 % of the participant-related lines.
TYPING = [
    (re.compile(r"^planned_activities$"), "1000"),
    (re.compile(r"^(planned|actual)_"), "10000"),
    (re.compile(r"email"), "walker@example.org"),
    (re.compile(r"planned_start$"), "2027-09-01"),
    (re.compile(r"planned_end$"), "2028-08-31"),
    (re.compile(r"date_of_birth"), "1998-03-14"),
    (re.compile(r"allowance_currency"), "NOK"),
    (re.compile(r"(amount|budget)"), "10000"),
    (re.compile(r"(months)"), "12"),
    (re.compile(r"participants_(north|south)"), "1"),
    (re.compile(r"phone"), "+47 22 00 00 00"),
]


@dataclass
class Field:
    tag: str
    name: str
    type: str = "text"
    value: str = ""
    required: bool = False
    checked: bool = False
    options: list = field(default_factory=list)  # (value, selected) of a select
    attrs: dict = field(default_factory=dict)


@dataclass
class Form:
    action: str
    method: str
    fields: list[Field] = field(default_factory=list)
    buttons: list[str] = field(default_factory=list)

    @property
    def url_name(self) -> str:
        try:
            return resolve(urlsplit(self.action).path).view_name
        except Resolver404:
            return self.action

    def describe(self) -> str:
        return f"{self.method.upper()} {self.action} [{' / '.join(self.buttons)}]"


class PageParser(HTMLParser):
    def __init__(self, url: str):
        super().__init__(convert_charrefs=True)
        self.url = url
        self.forms: list[Form] = []
        self.links: list[str] = []
        self.text: list[str] = []
        self._form: Form | None = None
        self._field: Field | None = None  # an open <textarea> or <select>
        self._option: tuple | None = None
        self._skip = 0  # inside <script>/<style>

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "form":
            self._form = Form(
                action=attrs.get("action") or self.url,
                method=(attrs.get("method") or "get").lower(),
            )
            self.forms.append(self._form)
        elif tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif self._form is not None and tag in ("input", "textarea", "select", "button"):
            self._field_start(tag, attrs)
        elif tag == "option" and self._field is not None:
            self._option = (attrs.get("value", ""), "selected" in attrs)

    def _field_start(self, tag, attrs):
        kind = attrs.get("type", "text" if tag != "button" else "submit").lower()
        if tag == "button" or kind == "submit":
            self._form.buttons.append(attrs.get("value") or attrs.get("aria-label") or "")
            if attrs.get("name"):
                self._form.fields.append(Field(tag, attrs["name"], "submit-value", attrs.get("value", "")))
            return
        if not attrs.get("name") or "disabled" in attrs:
            return
        item = Field(
            tag,
            attrs["name"],
            type=kind if tag == "input" else tag,
            value=attrs.get("value", ""),
            required="required" in attrs,
            checked="checked" in attrs,
            attrs=attrs,
        )
        self._form.fields.append(item)
        if tag in ("textarea", "select"):
            self._field = item

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1
        elif tag == "form":
            self._form = None
        elif tag in ("textarea", "select"):
            self._field = None
        elif tag == "option" and self._option is not None and self._field is not None:
            self._field.options.append(self._option)
            self._option = None

    def handle_data(self, data):
        if self._skip:
            return
        if self._field is not None and self._field.tag == "textarea":
            self._field.value += data
        self.text.append(data)


def read_page(client: Client, url: str):
    """(status, parser) of a GET of `url`: the forms, links and text a person sees."""
    response = client.get(url)
    parser = PageParser(url)
    if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
        parser.feed(response.content.decode())
    return response.status_code, parser


def page_text(parser: PageParser) -> str:
    return " ".join(" ".join(parser.text).split())


def is_domain_action(url: str) -> bool:
    path = urlsplit(url).path
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return bool(set(match.namespaces) & DOMAIN_NAMESPACES)


def is_download(url: str) -> bool:
    """A document (a PDF made on the fly, an uploaded file): read, never a step to take."""
    path = urlsplit(url).path
    try:
        name = resolve(path).url_name or ""
    except Resolver404:
        return False
    return path.endswith(".pdf") or name.endswith(DOWNLOAD_NAMES)


# URL names of the documents people download (tests/partnerships/test_case_access.py's DOWNLOADs).
DOWNLOAD_NAMES = ("_pdf", "_minutes", "signed_copy", "_attachment", "_document", "_thumbnail")


def _typing_for(item: Field) -> str | None:
    for pattern, value in TYPING:
        if pattern.search(item.name):
            return value
    return None


def _typed(item: Field) -> str:
    typed = _typing_for(item)
    if typed is not None:
        return typed
    if item.type == "date":
        return date.today().isoformat()
    if item.type == "number":
        return item.attrs.get("min") or "1"
    if item.type == "email":
        return "walker@example.org"
    return TYPED


def fill(form: Form, *, thorough: bool = False) -> dict:
    """The data a person sends with the form: what it shows, plus what its required fields ask
    (`thorough`: every empty field filled in too, as someone writing a draft does)."""
    data: dict = {}
    used: dict[tuple, set] = {}  # a person picks two different organisations for "from" and "to"
    for item in form.fields:
        if item.type == "submit-value":
            data.setdefault(item.name, item.value)
        elif item.type in ("checkbox", "radio"):
            if item.checked or item.required or item.name == "confirm":
                data.setdefault(item.name, item.value or "on")
        elif item.type == "file":
            data[item.name] = pdf_upload("walked.pdf")  # a person attaches the document asked for
        elif item.tag == "select":
            values = [value for value, _selected in item.options if value]
            taken = used.setdefault(tuple(values), set())
            chosen = (
                [value for value, selected in item.options if selected and value]
                or [value for value in values if value not in taken]
                or values
            )
            if chosen:
                data[item.name] = chosen[0]
                taken.add(chosen[0])
        elif item.value.strip() and not (thorough and item.value.strip() == "0" and _typing_for(item)):
            data[item.name] = item.value
        elif item.type == "hidden":
            continue
        elif thorough or item.required or any(pattern.search(item.name) for pattern, _value in TYPING):
            data[item.name] = _typed(item)
    return data


@dataclass(frozen=True)
class Pressed:
    status: int
    successes: list
    errors: list

    @property
    def done(self) -> bool:
        # A redirect without an error: the step was taken (with its success message), or it leads
        # on to the page that completes it ("Submit…" saves the draft and opens the confirmation).
        return self.status in (302, 303) and not self.errors


def _post(client: Client, form: Form, data: dict) -> Pressed:
    response = client.post(form.action, data)
    stored = list(get_messages(response.wsgi_request))
    # The press is rolled back, its messages too: a refusal's message must not stay in the
    # browser's cookie and be read as the answer to the next press.
    client.cookies.pop(CookieStorage.cookie_name, None)
    return Pressed(
        response.status_code,
        [str(m) for m in stored if m.level == constants.SUCCESS],
        [str(m) for m in stored if m.level == constants.ERROR],
    )


def press(client: Client, form: Form) -> Pressed:
    """Send the form as a person would: every field filled in; if it is sent back (400), again with
    only what it asks for."""
    pressed = _post(client, form, fill(form, thorough=True))
    if pressed.status == 400:
        pressed = _post(client, form, fill(form))
    return pressed


def steps_on(client: Client, pages: list[str]) -> list[Form]:
    """The steps the pages offer this person: their POST forms to the service's actions, and the
    forms of the pages their links lead to (one click away, as "Recruit a participant")."""
    forms, seen_pages = [], set(pages)
    for url in pages:
        status, parser = read_page(client, url)
        if status != 200:
            continue
        forms.extend(form for form in parser.forms if form.method == "post")
        for link in parser.links:
            path = urlsplit(link).path
            if not path or path in seen_pages or link.startswith("#"):
                continue
            if not is_domain_action(path) or is_download(path):
                continue
            seen_pages.add(path)
            linked_status, linked = read_page(client, path)
            if linked_status == 200:
                forms.extend(f for f in linked.forms if f.method == "post")
    unique = {}
    for form in forms:
        if is_domain_action(form.action):
            unique.setdefault((form.action, tuple(sorted(fi.name for fi in form.fields))), form)
    return list(unique.values())
