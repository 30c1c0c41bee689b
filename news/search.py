"""Article search that ignores Vietnamese tone marks, "đ"/"d" and letter case.

Text is normalised once when an article is published (news.models.search_index) and once per query here; the
database then matches whole words on the normalised text: PostgreSQL through a GIN-indexed
to_tsvector('simple', …), SQLite through LIKE on space-padded words. Ranking is computed the same way on both.
"""

import unicodedata
from contextlib import contextmanager

from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import BooleanField, Case, F, Func, IntegerField, Q, Value, When
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .models import ArticlePage, ArticleSearchIndex
from .search_text import WORD_RE, nfc_lower, normalize, words

# A query costs no more than a normal one however long it is: only this much of it is read.
MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 8


class Query:
    """A reader's query, cut to a bounded size and reduced to words: punctuation and operators never reach SQL."""

    def __init__(self, raw):
        text = unicodedata.normalize("NFC", str(raw or ""))[:MAX_QUERY_CHARS]
        exact = []
        for word in words(nfc_lower(text)):
            word = word.strip("_")
            if word and word not in exact:
                exact.append(word)
        self.exact = exact[:MAX_QUERY_WORDS]
        plain = []
        for word in self.exact:
            for part in words(normalize(word)):
                if part not in plain:
                    plain.append(part)
        self.plain = plain
        self.text = " ".join(self.exact)

    def __bool__(self):
        return bool(self.plain)


class TsMatch(Func):
    """`<stored tsvector> @@ plainto_tsquery('simple', words)` (PostgreSQL).

    The tsvector columns are not model fields (the database generates them, see migration 0003), so the
    column is reached through the text field it is generated from: plain_tsv from text_plain, exact_tsv from
    text_exact.
    """

    output_field = BooleanField()
    TSV_COLUMNS = {"text_plain": "plain_tsv", "text_exact": "exact_tsv"}

    def as_sql(self, compiler, connection, **extra_context):
        source = self.source_expressions[0]
        column_sql, column_params = compiler.compile(source)
        table_sql, _, _ = column_sql.rpartition(".")
        tsv_sql = f"{table_sql}.{connection.ops.quote_name(self.TSV_COLUMNS[source.target.column])}"
        query_sql, query_params = compiler.compile(self.source_expressions[1])
        return f"{tsv_sql} @@ plainto_tsquery('simple'::regconfig, {query_sql})", [*column_params, *query_params]


def _all_words(field, tokens):
    condition = Q()
    for token in tokens:
        condition &= Q(**{f"{field}__contains": f" {token} "})
    return condition


def search_articles(raw_query, queryset=None):
    """Live, public articles matching every word of the query, best first; none for an empty query."""
    query = raw_query if isinstance(raw_query, Query) else Query(raw_query)
    articles = queryset if queryset is not None else ArticlePage.objects.all()
    articles = articles.live().public()
    if not query:
        return articles.none()
    prefix = "search_index__"
    if connection.vendor == "postgresql":
        def matching(column, tokens):
            return ArticleSearchIndex.objects.filter(TsMatch(F(column), Value(" ".join(tokens)))).values("page_id")

        # Uncorrelated subqueries: each is one GIN bitmap scan, then a hash lookup per candidate row.
        articles = articles.filter(pk__in=matching("text_plain", query.plain))
        exact_text = Q(pk__in=matching("text_exact", query.exact))
    else:
        articles = articles.filter(_all_words(f"{prefix}text_plain", query.plain))
        exact_text = _all_words(f"{prefix}text_exact", query.exact)
    # Accents matching exactly count first, a match in the title second.
    exact_title = _all_words(f"{prefix}title_exact", query.exact)
    plain_title = _all_words(f"{prefix}title_plain", query.plain)
    score = (
        Case(When(exact_text, then=Value(4)), default=Value(0), output_field=IntegerField())
        + Case(When(plain_title, then=Value(2)), default=Value(0), output_field=IntegerField())
        + Case(When(exact_title, then=Value(1)), default=Value(0), output_field=IntegerField())
    )
    return (
        articles.with_sort_date().annotate(search_score=score)
        .select_related("search_index").defer("search_index__text_plain", "search_index__text_exact")
        .order_by("-search_score", F("sort_date").desc(nulls_last=True), "-pk")
    )


@contextmanager
def text_index_preferred():
    """On PostgreSQL, run the search with sequential scans discouraged.

    The planner does not count the cost of de-TOASTing a tsvector per row, so for common words it picks a
    sequential scan that is ten times slower than the GIN bitmap scan; this holds for the enclosing
    transaction only.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
        yield
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan TO DEFAULT")


def search_page(raw_query, number, per_page):
    """One page of results (a Paginator page whose object_list is already a list) and the total count."""
    query = raw_query if isinstance(raw_query, Query) else Query(raw_query)
    with text_index_preferred():
        page = Paginator(search_articles(query), per_page).get_page(number)
        page.object_list = list(page.object_list)
        page.paginator.count  # noqa: B018 - evaluated here, inside the index-preferring transaction
    return page


def highlight(text, query, limit=None):
    """HTML-escaped text with each word matching the query (accents and case ignored) wrapped in <mark>.

    With a limit, a window of about that many characters around the first match is returned.
    """
    text = unicodedata.normalize("NFC", text or "")
    targets = set(query.plain)
    matches = [m for m in WORD_RE.finditer(text) if normalize(m.group(0)) in targets]
    start, end, before, after = 0, len(text), "", ""
    if limit and len(text) > limit:
        first = matches[0].start() if matches else 0
        start = max(0, first - limit // 4)
        if start:
            start = text.rfind(" ", 0, start) + 1
            before = "… "
        end = min(len(text), start + limit)
        if end < len(text):
            cut = text.rfind(" ", start, end)
            end = cut if cut > start else end
            after = " …"
    parts, position = [before], start
    for match in matches:
        if match.start() < start or match.end() > end:
            continue
        parts.append(escape(text[position:match.start()]))
        parts.append(f"<mark>{escape(match.group(0))}</mark>")
        position = match.end()
    parts.append(escape(text[position:end]))
    parts.append(after)
    return mark_safe("".join(parts))  # noqa: S308 - every piece is escaped above
