"""Uploads leave storage with the rows that refer to them: a replaced file once the replacement is
committed, the files of a deleted row once the deletion is. Whatever stays behind anyway is found
by a sweep that reports it (and deletes it, if asked, once it is a day old). Replacing uploads had
left 34 files on disk of which 28 were referenced."""

import os
import time
from datetime import date, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import transaction

from exchanges.services import complete_item, reopen_item
from norec.celery import app as celery_app
from norec.core.stored_files import referenced_names, sweep_orphaned_files
from norec.core.tasks import report_orphaned_uploads_task
from partnerships import services
from partnerships.models import PartnerMeeting
from tests.factories import participant_on_record, pdf_upload, reload


def files_on_disk() -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}


def record_meeting(case, by, name: str):
    return services.record_partner_meeting(
        reload(case),
        date=date(2026, 4, 15),
        place="Kampala",
        participants="Chris, Olga",
        minutes=pdf_upload(name),
        by=by,
    )


class TestReplacing:
    def test_replaced_minutes_leave_storage_after_the_commit(self, case, contact, django_capture_on_commit_callbacks):
        first = record_meeting(case, contact, "minutes.pdf").minutes.name
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            second = record_meeting(case, contact, "minutes-corrected.pdf").minutes.name
        assert {first, second} <= files_on_disk()  # nothing removed before the commit
        for callback in callbacks:
            callback()
        assert files_on_disk() == {second}
        assert PartnerMeeting.objects.get(partnership=case).minutes.name == second

    def test_a_replacement_that_rolls_back_keeps_the_file_its_row_names(self, case, contact):
        first = record_meeting(case, contact, "minutes.pdf").minutes.name
        with pytest.raises(RuntimeError), transaction.atomic():
            record_meeting(case, contact, "minutes-corrected.pdf")
            raise RuntimeError("something failed after the upload")
        assert first in files_on_disk()
        assert PartnerMeeting.objects.get(partnership=case).minutes.name == first

    def test_a_checklist_document_done_again_replaces_the_old_one(self, case_in, django_capture_on_commit_callbacks):
        case = case_in("exchange")
        participant = participant_on_record(case)
        item = participant.checklist.get(title="Work contract")  # the sending organisation's, done with a photo
        sender = participant.leg.home_organisation.contacts.first()
        old = item.document.name
        assert old in files_on_disk()
        with django_capture_on_commit_callbacks(execute=True):
            reopen_item(item, by=sender)
            item.refresh_from_db()
            new = complete_item(item, by=sender, document=pdf_upload("contract-signed.pdf")).document.name
        assert old not in files_on_disk()
        assert new in files_on_disk()


class TestDeleting:
    def test_a_deleted_case_takes_its_files_along(self, case_in, django_capture_on_commit_callbacks):
        case = case_in("pre_study_done")
        assert len(files_on_disk()) == 1  # the minutes
        with django_capture_on_commit_callbacks(execute=True):
            reload(case).delete()  # as a superuser may in the admin: the meeting goes in the cascade
        assert files_on_disk() == set()

    def test_a_deleted_report_takes_its_document_along(self, case_in, django_capture_on_commit_callbacks):
        report = case_in("follow_up_report_submitted").final_reports.get()
        name = report.attachment.name
        with django_capture_on_commit_callbacks(execute=True):
            report.delete()
        assert name not in files_on_disk()

    def test_a_deletion_that_rolls_back_keeps_the_file(self, case_in):
        report = case_in("follow_up_report_submitted").final_reports.get()
        with pytest.raises(RuntimeError), transaction.atomic():
            report.delete()
            raise RuntimeError("something failed after the deletion")
        assert report.attachment.name in files_on_disk()


class TestTheSweep:
    def orphan(self, name: str, *, age: timedelta) -> str:
        path = Path(settings.MEDIA_ROOT) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"%PDF-1.4 left behind")
        then = time.time() - age.total_seconds()
        os.utime(path, (then, then))
        return name

    def test_it_reports_only_the_files_no_row_names(self, case, contact):
        kept = record_meeting(case, contact, "minutes.pdf").minutes.name
        old = self.orphan(f"cases/{case.pk}/minutes/old.pdf", age=timedelta(days=3))
        assert kept in referenced_names()
        result = sweep_orphaned_files()
        assert result.orphans == [old]
        assert result.deleted == []
        assert old in files_on_disk()

    def test_asked_to_delete_it_takes_only_those_older_than_a_day(self, case, contact):
        kept = record_meeting(case, contact, "minutes.pdf").minutes.name
        old = self.orphan(f"cases/{case.pk}/minutes/old.pdf", age=timedelta(days=3))
        new = self.orphan(f"cases/{case.pk}/minutes/new.pdf", age=timedelta(hours=1))
        result = sweep_orphaned_files(delete=True)
        assert result.deleted == [old]
        assert files_on_disk() == {kept, new}

    def test_the_command_lists_them(self, case):
        old = self.orphan(f"cases/{case.pk}/follow-up/old.pdf", age=timedelta(days=3))
        out = StringIO()
        call_command("sweep_uploads", stdout=out)
        assert out.getvalue().splitlines() == [f"orphaned  {old}", "1 orphaned, 0 deleted."]
        call_command("sweep_uploads", "--delete", stdout=out)
        assert not default_storage.exists(old)

    def test_an_empty_storage_is_fine(self, db):
        assert sweep_orphaned_files().orphans == []

    def test_beat_reports_them_every_night(self, case, caplog):
        old = self.orphan(f"cases/{case.pk}/minutes/old.pdf", age=timedelta(days=3))
        entry = celery_app.conf.beat_schedule["report-orphaned-uploads"]
        assert entry["task"] == report_orphaned_uploads_task.name
        assert report_orphaned_uploads_task.apply().get() == 1
        assert any(old in record.getMessage() for record in caplog.records)
        assert default_storage.exists(old)  # reported, not deleted
