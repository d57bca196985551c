"""Spreadsheet downloads: CSV streamed row by row, and XLSX (XlsxWriter), both guarded against
formula injection. A cell a person typed that begins with =, +, -, @, a tab or a carriage return
would run as a formula when the file is opened in a spreadsheet program ("=HYPERLINK(...)"): such
text is written with a leading apostrophe, which those programs read as "this is text" (OWASP, CSV
injection). Numbers and dates are written as values, never as text."""

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime

import xlsxwriter
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.utils import timezone

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value):
    """A cell's value with text that could start a formula made inert; other values as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    return value


class _Echo:
    """A file-like object whose write returns what it was given: csv.writer then yields lines."""

    def write(self, value):
        return value


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> StreamingHttpResponse:
    """The rows as a CSV download, streamed (a large export never sits whole in memory). UTF-8 with a
    byte-order mark, so spreadsheet programs read Norwegian letters right."""
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff" + writer.writerow([str(cell) for cell in header])
        for row in rows:
            yield writer.writerow([_csv_text(safe_cell(cell)) for cell in row])

    response = StreamingHttpResponse(lines(), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def _csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def xlsx_response(filename: str, sheet: str, header: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    """The rows as one XLSX sheet: a bold header row frozen at the top, dates as dates. Text is
    never turned into formulas or links by XlsxWriter either."""
    buffer = io.BytesIO()
    options = {"in_memory": True, "constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    with xlsxwriter.Workbook(buffer, options) as workbook:
        worksheet = workbook.add_worksheet(sheet[:31])
        bold = workbook.add_format({"bold": True})
        dates = workbook.add_format({"num_format": "yyyy-mm-dd"})
        moments = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        worksheet.write_row(0, 0, [str(cell) for cell in header], bold)
        worksheet.freeze_panes(1, 0)
        for number, row in enumerate(rows, start=1):
            for column, value in enumerate(row):
                value = safe_cell(value)
                if isinstance(value, datetime):
                    worksheet.write_datetime(number, column, value, moments)
                elif isinstance(value, date):
                    worksheet.write_datetime(number, column, value, dates)
                elif value is None:
                    worksheet.write_blank(number, column, None)
                else:
                    worksheet.write(number, column, value if isinstance(value, int | float) else str(value))
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


FORMATS = ("csv", "xlsx")


def require_format(file_format: str) -> None:
    """A download's format from its URL: CSV or XLSX, anything else is not found."""
    if file_format not in FORMATS:
        raise Http404


def download_response(file_format: str, filename: str, sheet: str, header: list, rows):
    """The download of `rows` (an iterator) as CSV (streamed) or XLSX (`sheet` names its sheet)."""
    if file_format == "csv":
        return csv_response(filename, header, rows)
    return xlsx_response(filename, sheet, header, rows)
