"""Reading a PDF back as a person would see it: its text, and where each word sits on the page
(poppler's `pdftotext`, `-bbox` for the word boxes).

Poppler is part of the suite (`make fonts` installs it): without it these helpers fail the test
that called them, so a PDF test can never pass by not looking."""

import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest

XHTML = "{http://www.w3.org/1999/xhtml}"


def _pdftotext(pdf: bytes, *options: str) -> str:
    program = shutil.which("pdftotext")
    if program is None:
        pytest.fail("pdftotext (poppler-utils) is missing: run `make fonts`.")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(pdf)
        return subprocess.run(
            [program, "-enc", "UTF-8", *options, str(path), "-"], capture_output=True, text=True, check=True
        ).stdout


def pdf_text(pdf: bytes) -> str:
    """The PDF's text with every run of whitespace made one space, so a phrase broken over two
    lines reads as typed."""
    return " ".join(_pdftotext(pdf).split())


@dataclass(frozen=True)
class Word:
    text: str
    page: int  # from 1
    left: float  # in points from the page's left edge
    right: float
    page_width: float


def pdf_words(pdf: bytes) -> list[Word]:
    """Every word of the PDF with its box, page by page."""
    root = ET.fromstring(_pdftotext(pdf, "-bbox"))  # our own PDF, read by poppler
    words = []
    for number, page in enumerate(root.iter(f"{XHTML}page"), start=1):
        width = float(page.get("width"))
        words.extend(
            Word(word.text or "", number, float(word.get("xMin")), float(word.get("xMax")), width)
            for word in page.iter(f"{XHTML}word")
        )
    return words
