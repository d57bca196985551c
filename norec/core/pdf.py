"""PDF documents, rendered in one place (STYLE 9: pick the template, build the context in a
separate tested function next to the document's app, render here).

WeasyPrint would fetch any URL a document names: over the network, or from the server's disk.
Documents contain text typed by users, so the fetcher here serves only data: URLs and our own
static files, and refuses everything else; a refused resource is left out of the document.
"""

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# Partners' names and texts come in every script: Latin with all its accents (Norwegian,
# Vietnamese), Thai, Ethiopic (Amharic), Devanagari (Nepali), Bengali, Arabic, Chinese and
# Japanese. Debian's fonts-noto-core and fonts-noto-cjk cover them (the Dockerfile and `make fonts`
# install both); each stack names one family per script so no name falls to an empty box.
# Documents use these through `pdf_font_serif` and `pdf_font_sans` in their context.
_SCRIPTS = ("Thai", "Ethiopic", "Devanagari", "Bengali", "Arabic")
FONT_SANS = ", ".join(
    [
        '"Noto Sans"',
        *(f'"Noto Sans {script}"' for script in _SCRIPTS),
        '"Noto Sans CJK SC"',
        '"DejaVu Sans"',
        "sans-serif",
    ]
)
FONT_SERIF = ", ".join(
    [
        '"Noto Serif"',
        *(f'"Noto Serif {script}"' for script in _SCRIPTS if script != "Arabic"),
        '"Noto Serif CJK SC"',
        '"Noto Naskh Arabic"',
        FONT_SANS.replace("sans-serif", "serif"),
    ]
)

# Relative and "/static/..." URLs in a template resolve against this; the host never exists, it
# only lets the fetcher recognise our own static files.
BASE_URL = "https://pdf.norec-exchange.invalid/"


class RefusedURL(ValueError):
    """The document named a resource outside data: URLs and our static files."""


def static_file_for(url: str) -> Path | None:
    """The static file a URL under BASE_URL + STATIC_URL names, if there is one."""
    prefix = BASE_URL + settings.STATIC_URL.lstrip("/")
    if not url.startswith(prefix):
        return None
    relative = unquote(urlsplit(url).path)[len(urlsplit(prefix).path) :]
    if not relative or ".." in Path(relative).parts or relative.startswith("/"):
        return None
    found = finders.find(relative)
    if found:
        return Path(found)
    static_root = Path(settings.STATIC_ROOT).resolve()
    candidate = (static_root / relative).resolve()
    if candidate.is_relative_to(static_root) and candidate.is_file():
        return candidate
    return None


def _static_body(url: str) -> tuple[bytes, str]:
    path = static_file_for(url)
    if path is None:
        raise RefusedURL(f"Refused to fetch {url!r}: only data: URLs and static files may be used in PDFs")
    mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return path.read_bytes(), mime_type


class RestrictedURLFetcher(URLFetcher):
    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        body, mime_type = _static_body(url)
        return URLFetcherResponse(url, body, headers={"Content-Type": mime_type})


def restricted_url_fetcher() -> RestrictedURLFetcher:
    return RestrictedURLFetcher(allowed_protocols={"data"})


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render a Django template to PDF bytes, in the active language."""
    html = render_to_string(template_name, {"pdf_font_sans": FONT_SANS, "pdf_font_serif": FONT_SERIF, **context})
    return HTML(string=html, base_url=BASE_URL, url_fetcher=restricted_url_fetcher()).write_pdf()
