"""Uploaded files leave storage with what refers to them, and a sweep reports any that stay behind.

A file is removed only once the transaction that dropped its last reference has committed
(`transaction.on_commit`): a change that rolls back keeps the file its row still names. Two things
drop a reference: a service that replaces an upload (`discard_on_commit` with the old file) and
the deletion of a row with file fields (a receiver connected for every such model, which also
sees rows deleted in a cascade, e.g. a case deleted in the admin).

What can still stay behind (a file written by a transaction that then failed, or left by a crash
between the commit and the removal) is found by `sweep_orphaned_files`: it lists the files in
storage that no row names, logs each, and deletes only when asked, and only those older than a
day, so that a file of a transaction still running is never taken. Celery beat runs it daily
(norec/celery.py) to report; `manage.py sweep_uploads --delete` removes."""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from django.apps import apps
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.utils import timezone

logger = logging.getLogger(__name__)

# How old a file no row names must be before the sweep may delete it.
ORPHAN_MIN_AGE = timedelta(days=1)

_references: list[Callable[[], Iterable[str]]] = []


def register_file_references(names: Callable[[], Iterable[str]]) -> None:
    """Name files kept in storage by other means than a FileField (derived files), so that the sweep
    does not count them as orphans. `names` returns their storage names."""
    _references.append(names)


def discard_on_commit(stored_file) -> None:
    """Remove `stored_file` (a FieldFile that a row no longer names) from storage once the current
    transaction commits; nothing if it rolls back, or if there is no file."""
    if not stored_file:
        return
    storage, name = stored_file.storage, stored_file.name
    transaction.on_commit(lambda: _delete(storage, name))


def _delete(storage, name: str) -> None:
    try:
        storage.delete(name)
    except OSError:
        # Gone already, or not removable now: the sweep will report it if it is still there.
        logger.warning("Could not delete the stored file %s", name, exc_info=True)


def file_fields(model) -> list[models.FileField]:
    return [f for f in model._meta.get_fields() if isinstance(f, models.FileField) and f.concrete]


def _discard_files_of_deleted_row(sender, instance, **kwargs) -> None:
    for file_field in file_fields(sender):
        discard_on_commit(getattr(instance, file_field.attname))


def connect_file_removal() -> None:
    """Remove the files of deleted rows, for every model with a file field (the core's ready())."""
    for model in apps.get_models():
        if file_fields(model):
            post_delete.connect(
                _discard_files_of_deleted_row, sender=model, weak=False, dispatch_uid=f"stored-files-{model._meta}"
            )


# --- The sweep ---------------------------------------------------------------------------------


def referenced_names() -> set[str]:
    """Every file name a row names, in every file field of every model, and the registered ones."""
    names: set[str] = set()
    for model in apps.get_models():
        for file_field in file_fields(model):
            stored = model._default_manager.exclude(**{file_field.attname: ""}).values_list(
                file_field.attname, flat=True
            )
            names.update(name for name in stored if name)
    for more in _references:
        names.update(more())
    return names


def stored_names(storage=default_storage, folder: str = "") -> Iterable[str]:
    """Every file in `storage` under `folder`, as storage names ("cases/1/minutes/ab12.pdf")."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for sub in folders:
        yield from stored_names(storage, f"{folder}/{sub}" if folder else sub)


@dataclass
class SweepResult:
    orphans: list[str] = field(default_factory=list)  # files no row names
    deleted: list[str] = field(default_factory=list)  # of those, the ones removed


def sweep_orphaned_files(*, delete: bool = False, storage=default_storage) -> SweepResult:
    """Find the files in storage that no row names and log each; with `delete`, remove those older
    than ORPHAN_MIN_AGE. The names are read first, then the rows: a file saved in between is named
    by its row, never taken for an orphan."""
    found = list(stored_names(storage))
    referenced = referenced_names()
    result = SweepResult(orphans=sorted(name for name in found if name not in referenced))
    too_young = timezone.now() - ORPHAN_MIN_AGE
    for name in result.orphans:
        if delete and storage.get_modified_time(name) < too_young:
            _delete(storage, name)
            result.deleted.append(name)
            logger.warning("Deleted the orphaned upload %s: no row refers to it", name)
        else:
            logger.warning("Orphaned upload %s: no row refers to it", name)
    logger.info(
        "Swept the uploads: %s files, %s orphaned, %s deleted", len(found), len(result.orphans), len(result.deleted)
    )
    return result
