"""Reading a PDF back, as a person would read it: its text (poppler's pdftotext) and its fonts
(pdffonts). Without poppler-utils the tests that read PDFs fail with how to install it; they never
skip, so a machine without it cannot pass the suite on PDFs it did not read."""

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

INSTALL = "install poppler-utils: `make fonts` (or apt-get install poppler-utils)"


def _poppler(tool: str, pdf: bytes, *options: str) -> str:
    if shutil.which(tool) is None:
        pytest.fail(f"{tool} is missing, so this PDF cannot be read: {INSTALL}")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "read.pdf"
        path.write_bytes(pdf)
        return subprocess.run(
            [tool, *options, str(path), *(["-"] if tool == "pdftotext" else [])],
            capture_output=True,
            text=True,
            check=True,
        ).stdout


def pdf_text(pdf: bytes) -> str:
    """The PDF's text, its words separated by single spaces (line breaks and columns fall away)."""
    assert pdf.startswith(b"%PDF-"), pdf[:40]
    return " ".join(_poppler("pdftotext", pdf, "-enc", "UTF-8").split())


def pdf_fonts(pdf: bytes) -> str:
    """pdffonts' table of the fonts the PDF embeds."""
    return _poppler("pdffonts", pdf)
