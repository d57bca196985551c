"""Sentences kept in the database in no language: a message's key and its values, translated when
read, so a row written while an English reader acted reads in bokmål to a bokmål reader.

A case's "Waiting for" words are kept on the case (Partnership.waiting_words) and shown on every
list; the apps that make a case wait register their messages here (partnerships.hooks), each under
a key of its own, written with gettext_lazy/ngettext_lazy as any other string (so makemessages
finds them). Stored words are `[key, {name: value}]`; a value is kept as is (a name, a number),
or is itself a message (`message(key)`: "Participants", a report's kind) or a day (`day(date)`),
each said in the reader's language. A plural message is an ngettext_lazy whose number is the
value named "count"."""

from datetime import date

from django.utils.functional import Promise

from norec.core.dates import long_date

_messages: dict[str, Promise | str] = {}


def register_messages(messages: dict[str, Promise | str]) -> None:
    """Make messages known by key (a key names one message only: the stored words name it)."""
    for key, text in messages.items():
        if key in _messages and str(_messages[key]) != str(text):
            raise ValueError(f"Message key {key!r} is registered twice with different messages")
        _messages[key] = text


def said(key: str, **values) -> list:
    """Words to store: the message `key` with its values (JSON: strings, numbers, message(), day())."""
    return [key, values]


def message(key: str) -> dict:
    """A value that is itself a registered message, said in the reader's language."""
    return {"message": key}


def day(value: date) -> dict:
    """A value that is a calendar day, written as the reader's language writes one."""
    return {"day": value.isoformat()}


def read(words) -> str:
    """Stored words in the active language ("" for none). A key no longer registered (words kept
    before a message was renamed, until the next refresh) reads as its key."""
    if not words:
        return ""
    key, values = words
    text = _messages.get(key, key)
    if not values:
        return str(text)
    return text % {name: _value(value) for name, value in values.items()}


def _value(value):
    if isinstance(value, dict):
        if "message" in value:
            return str(_messages.get(value["message"], value["message"]))
        if "day" in value:
            return long_date(date.fromisoformat(value["day"]))
    return value


def text_of(key: str) -> str:
    """A registered message without values, in the active language."""
    return str(_messages.get(key, key))
