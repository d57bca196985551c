"""The search's indexes (workspace.search): pg_trgm for names, a Norwegian text vector for the
application. PostgreSQL only: on SQLite (the demo) the extension and the GIN indexes are skipped and
the search falls back to icontains; the model state gains the indexes either way."""

import django.contrib.postgres.indexes
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

import norec.core.search
from norec.core.search import PostgresOnlyAddIndex


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0010_partner_membership_dates"),
    ]

    operations = [
        # A trusted extension since PostgreSQL 13: the database's owner may create it. Skipped on SQLite.
        TrigramExtension(),
        PostgresOnlyAddIndex(
            model_name="application",
            index=django.contrib.postgres.indexes.GinIndex(
                norec.core.search.TextVector("common_goals", "cooperation"), name="application_text_search"
            ),
        ),
        PostgresOnlyAddIndex(
            model_name="partnerorganisation",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["name"], name="organisation_name_trgm", opclasses=["gin_trgm_ops"]
            ),
        ),
        PostgresOnlyAddIndex(
            model_name="partnership",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["name"], name="partnership_name_trgm", opclasses=["gin_trgm_ops"]
            ),
        ),
    ]
