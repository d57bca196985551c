"""Data built once for a module's many tests, and the tables a request wrote.

`built_once(django_db_blocker)` opens a transaction that stays open while a module's tests run and
is rolled back at the end. pytest-django runs each test inside it in savepoints of its own (its
`db` fixture nests Django's TestCase atomics), so what one test changes is undone before the next,
as when each test builds its own data, but the building is paid once. For tests that use `db`, not
`transactional_db` (which would empty the tables the shared data is in).

`tables_written()` reads PostgreSQL's statistics of the current transaction (pg_stat_xact_user_tables,
which count the rows inserted, updated and deleted, savepoints included) before and after a block:
the tables the block wrote to. "Nothing changed" is then a fact of the database, not of one model."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction


@contextmanager
def built_once(django_db_blocker) -> Iterator[None]:
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _rows_written() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables")
        return dict(cursor.fetchall())


@contextmanager
def tables_written() -> Iterator[set[str]]:
    """`with tables_written() as written: ...`: afterwards `written` names each table the block wrote to."""
    written: set[str] = set()
    before = _rows_written()
    yield written
    written.update(table for table, rows in _rows_written().items() if rows != before.get(table, 0))
