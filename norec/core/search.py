"""Full-text and name search on PostgreSQL, and what the search needs to stay usable elsewhere.

These helpers know nothing of partnerships: an app declares its indexes with them (in its models'
Meta, so `makemigrations --check` sees them) and the search page queries with the very same
expressions, so PostgreSQL matches the query to the index.

Why not Django's own SearchVector and lookups:
  - SearchVector sends its configuration ('norwegian') and the COALESCE's '' as bound parameters.
    With server-side binding (settings: psycopg prepares what a connection runs often) a generic
    plan then holds `$1::regconfig`, which no longer equals the index's expression, and the index
    is not used. `TextVector` writes both as literals.
  - the trigram lookups (`trigram_word_similar`) exist only with django.contrib.postgres in
    INSTALLED_APPS; `WordSimilar` is the one operator we need, as an expression.

The zero-setup demo runs on SQLite: `PostgresOnlyAddIndex` creates a GIN index only on
PostgreSQL (the model state still gains it, so migrations stay in step), and callers fall back to
`icontains` there (`is_postgres`)."""

import re

from django.contrib.postgres.search import SearchQueryField, SearchVectorField
from django.db import connection, models
from django.db.migrations.operations import AddIndex
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# The configurations a TextVector may name (written into SQL as a literal: only these words).
CONFIGS = ("norwegian", "simple")

# What ts_headline puts around a match: characters that escaping leaves alone and that a person
# does not type, so the text can be escaped first and the marks turned into <mark> after.
HEADLINE_START, HEADLINE_STOP = "\u27e6", "\u27e7"  # ⟦ ⟧
HEADLINE_OPTIONS = {
    "start_sel": HEADLINE_START,
    "stop_sel": HEADLINE_STOP,
    "max_words": 30,
    "min_words": 12,
    "max_fragments": 2,
    "fragment_delimiter": " … ",
}


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


class TextVector(models.Func):
    """to_tsvector('<config>', coalesce(a, '') || ' ' || coalesce(b, '')): the fields' words, for
    an expression GIN index and for the queries that must use it (same SQL, no parameters)."""

    output_field = SearchVectorField()

    def __init__(self, *fields, config: str = "norwegian"):
        if config not in CONFIGS:
            raise ValueError(f"unknown text search configuration {config!r}")
        self.config = config
        super().__init__(*(models.F(field) if isinstance(field, str) else field for field in fields))

    def as_sql(self, compiler, connection, **extra_context):
        parts, params = [], []
        for expression in self.source_expressions:
            sql, part_params = compiler.compile(expression)
            parts.append(f"COALESCE({sql}, '')")
            params.extend(part_params)
        joined = " || ' ' || ".join(parts)
        return f"to_tsvector('{self.config}'::regconfig, {joined})", params


class StemmedQuery(models.Func):
    """What a person typed, as a text query in `config`, that also finds other forms of its words.

    The Norwegian stemmer cuts "sykepleiere" to "sykepleier" but "sykepleier" to "sykeplei", so the
    plain query of one form misses the other. This ORs the plain query (websearch syntax: words,
    "phrases", -not) with its words stemmed once more and taken as prefixes (3 letters or more):
    "sykepleiere" then finds "sykepleier", "sykepleieren" and "sykepleierne" alike."""

    output_field = SearchQueryField()

    def __init__(self, text: str, *, config: str = "norwegian"):
        if config not in CONFIGS:
            raise ValueError(f"unknown text search configuration {config!r}")
        self.config = config
        super().__init__(models.Value(text), models.Value(text))

    def as_sql(self, compiler, connection, **extra_context):
        (first, first_params), (second, second_params) = (compiler.compile(e) for e in self.source_expressions)
        config = f"'{self.config}'::regconfig"
        plain = f"websearch_to_tsquery({config}, {first})"
        # Every lexeme of 3 letters or more ('word') becomes a prefix ('word':*); %% for the driver.
        prefixed = (
            f"to_tsquery({config}, regexp_replace(websearch_to_tsquery({config}, {second})::text, "
            f"'''([^'']{{3,}})''', '''\\1'':*', 'g'))"
        )
        return f"({plain} || {prefixed})", [*first_params, *second_params]


class Matches(models.Func):
    """vector @@ query, as a condition (filter(Matches(vector, query)))."""

    arg_joiner = " @@ "
    template = "(%(expressions)s)"
    output_field = models.BooleanField()


class WordSimilar(models.Func):
    """`field %> text`: some stretch of the field's words is like `text` (pg_trgm's word similarity
    at least pg_trgm.word_similarity_threshold). A GIN index with gin_trgm_ops serves it."""

    arg_joiner = " %%> "
    template = "(%(expressions)s)"
    output_field = models.BooleanField()

    def __init__(self, field: str, text: str):
        super().__init__(models.F(field), models.Value(text))


def set_word_similarity_threshold(threshold: float) -> None:
    """Lower pg_trgm's word similarity threshold for the rest of the current transaction (it is
    0.6 by default, which misses a one-letter typo in a short name: "Mulgo" is 0.5 like "Mulago")."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)", [str(threshold)])


class PostgresOnlyAddIndex(AddIndex):
    """AddIndex that creates (and drops) the index on PostgreSQL only: GIN and its operator classes
    do not exist on SQLite, where the zero-setup demo runs. The model state gains the index either
    way, so the models' Meta and the migrations agree."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self):
        return f"{super().describe()} (PostgreSQL only)"


# --- Marking what matched, safely ------------------------------------------------------------------

_MARKED = re.compile(f"{HEADLINE_START}([^{HEADLINE_START}{HEADLINE_STOP}]*){HEADLINE_STOP}")


def marked_headline(headline: str) -> SafeString:
    """A ts_headline made with HEADLINE_OPTIONS as HTML: everything escaped, the matches in <mark>
    (a stray mark, one the text itself held, is dropped)."""
    html = _MARKED.sub(r"<mark>\1</mark>", escape(headline))
    return mark_safe(html.replace(HEADLINE_START, "").replace(HEADLINE_STOP, ""))  # noqa: S308 - escaped above


def mark_name(name: str, query: str) -> SafeString:
    """The name as HTML with the part that matched the query in <mark>, everything else escaped.

    Each word of the query is marked where the name holds it (any case); a word the name does not
    hold (a typo: "Mulgo") marks the name's word most like it, if any is alike enough."""
    spans = []
    lowered = name.casefold()
    for word in {w for w in query.casefold().split() if w}:
        found = [(m.start(), m.end()) for m in re.finditer(re.escape(word), lowered)]
        spans.extend(found or _most_like(word, name))
    return _with_marks(name, _merged(spans))


def _most_like(word: str, name: str) -> list[tuple[int, int]]:
    from difflib import SequenceMatcher

    best, best_ratio = None, 0.6
    for match in re.finditer(r"\w+", name):
        ratio = SequenceMatcher(None, word, match.group().casefold()).ratio()
        if ratio > best_ratio:
            best, best_ratio = (match.start(), match.end()), ratio
    return [best] if best else []


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


def _with_marks(text: str, spans: list[tuple[int, int]]) -> SafeString:
    parts, position = [], 0
    for start, end in spans:
        parts.append(escape(text[position:start]))
        parts.append(f"<mark>{escape(text[start:end])}</mark>")
        position = end
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece of the text is escaped


def marked_excerpt(text: str, query: str, *, width: int = 160) -> SafeString:
    """Where a text holds the query (case-insensitive), a stretch around it with the match in
    <mark>: the highlighting of the SQLite fallback, which has no ts_headline."""
    position = text.casefold().find(query.casefold())
    if position < 0:
        return mark_safe("")
    start = max(0, position - width // 2)
    end = min(len(text), position + len(query) + width // 2)
    excerpt = _with_marks(text[start:end], [(position - start, position - start + len(query))])
    return mark_safe(("… " if start else "") + excerpt + (" …" if end < len(text) else ""))  # noqa: S308 - escaped
