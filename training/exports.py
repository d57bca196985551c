"""A session's attendee list as rows, for CSV and XLSX. A cell that a spreadsheet would read as a
formula (it starts with =, +, -, @, or a tab or carriage return before one) is written as text:
a name typed as "=HYPERLINK(…)" must never run on an adviser's machine."""

import csv
import io
from datetime import date, datetime, time

import xlsxwriter
from django.utils.translation import gettext as _

from training.schedule import travel_days

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def defused(value) -> str:
    """For CSV, which has no cell types: a leading apostrophe, as OWASP advises."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def header() -> list[str]:
    return [
        _("Name"),
        _("State"),
        _("Organisation"),
        _("Nationality"),
        _("Email"),
        _("Arrive"),
        _("Leave"),
        _("Waiting list position"),
    ]


def rows(session, enrolments) -> list[list]:
    travel = travel_days(session)
    found = []
    for enrolment in enrolments:
        if enrolment.participant_id:
            participant = enrolment.participant
            organisation = participant.leg.home_organisation.name
            nationality, email = participant.nationality.name, participant.email
        else:
            organisation = ", ".join(org.name for org in enrolment.person.organisations.all())
            nationality, email = "", enrolment.person.email
        found.append(
            [
                enrolment.name,
                str(enrolment.get_state_display()),
                organisation,
                str(nationality),
                email,
                travel.arrive if travel else None,
                travel.leave if travel else None,
                getattr(enrolment, "position", None),
            ]
        )
    return found


def as_csv(session, enrolments) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header())
    for row in rows(session, enrolments):
        writer.writerow([defused(cell.isoformat() if isinstance(cell, date) else cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # the BOM: Excel reads it as UTF-8


def as_xlsx(session, enrolments) -> bytes:
    buffer = io.BytesIO()
    # strings_to_formulas False: every string is a string, whatever it starts with (XlsxWriter's
    # own guard); numbers and URLs are not guessed either.
    workbook = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}
    )
    sheet = workbook.add_worksheet(_("Attendees")[:31])
    bold = workbook.add_format({"bold": True})
    for column, title in enumerate(header()):
        sheet.write_string(0, column, title, bold)
    day = workbook.add_format({"num_format": "yyyy-mm-dd"})
    for line, row in enumerate(rows(session, enrolments), start=1):
        for column, cell in enumerate(row):
            if isinstance(cell, date):
                sheet.write_datetime(line, column, datetime.combine(cell, time()), day)
            elif isinstance(cell, int):
                sheet.write_number(line, column, cell)
            elif cell is not None:
                sheet.write_string(line, column, str(cell))  # text, never a formula
    sheet.set_column(0, 0, 30)
    sheet.set_column(1, 7, 18)
    workbook.close()
    return buffer.getvalue()


def file_name(session, extension: str) -> str:
    """What the file holds, in its name: attendees-course_1-kampala-2027-01-10.xlsx."""
    venue = "".join(c if c.isalnum() else "-" for c in session.venue.name.lower())
    return f"attendees-{session.kind}-{venue}-{session.starts_on.isoformat()}.{extension}"
