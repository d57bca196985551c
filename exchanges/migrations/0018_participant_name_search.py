"""The search's index of participants' names (pg_trgm, created in partnerships 0011). PostgreSQL
only: skipped on SQLite (the demo), where the search falls back to icontains."""

import django.contrib.postgres.indexes
from django.db import migrations

from norec.core.search import PostgresOnlyAddIndex


class Migration(migrations.Migration):
    dependencies = [
        ("exchanges", "0017_leg_return_by_amendment"),
        ("partnerships", "0011_search_indexes"),
    ]

    operations = [
        PostgresOnlyAddIndex(
            model_name="participant",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["full_name"], name="participant_name_trgm", opclasses=["gin_trgm_ops"]
            ),
        ),
    ]
