"""The search's index of an amendment's justification and the adviser's reason (Norwegian text
vector). PostgreSQL only: skipped on SQLite (the demo), where the search falls back to icontains."""

import django.contrib.postgres.indexes
from django.db import migrations

import norec.core.search
from norec.core.search import PostgresOnlyAddIndex


class Migration(migrations.Migration):
    dependencies = [
        ("amendments", "0001_initial"),
    ]

    operations = [
        PostgresOnlyAddIndex(
            model_name="amendment",
            index=django.contrib.postgres.indexes.GinIndex(
                norec.core.search.TextVector("justification", "decision_reason"), name="amendment_text_search"
            ),
        ),
    ]
