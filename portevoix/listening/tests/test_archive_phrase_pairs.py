"""A phrase search finds adjacent words through their pair lexeme on PostgreSQL, and finds
exactly what the matcher finds (hashtags, a phrase across title and text, three words)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection

from portevoix.accounts import actions
from portevoix.listening import archive, search_index
from portevoix.listening.models import Mention
from portevoix.listening.pipeline import content_hash
from portevoix.listening.queries import Filters, scan, search
from portevoix.listening.query import Document, evaluate, parse
from portevoix.listening.store import NewItem, NewMention, store

AT = dt.datetime(2026, 3, 2, 14, 5, tzinfo=dt.UTC)
LONG = "a" * 1500  # two of them make a pair PostgreSQL cannot hold as one lexeme (2,047 bytes)
POSTS = [
    ("", "Le service client est nul"),
    ("", "#service client rapide"),
    ("Notre service", "client fidèle depuis dix ans"),  # the phrase crosses title and text
    ("", "Service, client : est-ce nul ?"),
    ("", "client service"),
    ("", "le service du client est nul"),
    ("", "service client jamais, puis le client est nul"),  # both pairs, not the phrase
    ("", "#service #client est nul"),
    ("", "@service client"),
    ("", f"{LONG} {LONG} service client est"),
]
QUERIES = [
    '"service client"',
    '"#service client"',
    '"service #client"',
    '"service client est"',
    '"client est nul"',
    '"service client est nul"',
    '"notre service client"',
    '"service client" -jamais',
    '"client service" OR "client fidele"',
    f'"{LONG} {LONG}"',
    f'"{LONG} service client"',
]


@pytest.fixture
def posts(alice: Any, org: Any, brand: Any) -> Any:
    other = actions.create_brand(alice, org, name="Concurrent")
    items = [
        NewItem(
            source_kind="rss",
            content_hash=content_hash("@a", title, text),
            published_at=AT + dt.timedelta(minutes=i),
            title=title,
            text=text,
            lang="fr",
            author_handle="@a",
            mentions=[NewMention(brand.pk), NewMention(other.pk)],
        )
        for i, (title, text) in enumerate(POSTS)
    ]
    assert store(items).mentions == 2 * len(POSTS)
    return brand


def _matcher(brand: Any, query: str) -> list[int]:
    node = parse(query)
    mentions = Mention.objects.filter(brand=brand).select_related("item")
    return sorted(
        m.pk for m in mentions if evaluate(node, Document(m.item.text, title=m.item.title))
    )


@pytest.mark.parametrize("query", QUERIES)
def test_it_finds_what_the_matcher_finds(posts: Any, query: str) -> None:
    result = search(posts, Filters(search=query), limit=50)
    reference = scan(
        Mention.objects.filter(brand=posts).select_related("item").order_by("-published_at", "-pk"),
        parse(query),
        limit=50,
    )
    assert sorted(m.pk for m in result.mentions) == _matcher(posts, query)
    assert [m.pk for m in result.mentions] == [m.pk for m in reference.mentions]
    assert result.total == reference.total


def test_it_counts_each_phrase_as_expected(posts: Any) -> None:
    def total(query: str) -> int:
        return search(posts, Filters(search=query)).total

    # Posts 1, 2, 3 (title then text), 4 (punctuation between), 7, 8, 9 (a handle), 10.
    assert total('"service client"') == 8
    assert total('"#service client"') == 2  # posts 2 and 8
    assert total('"service client est"') == 4  # 1, 4, 8, 10; not 7: its two pairs are apart


def test_it_looks_a_two_word_phrase_up_as_one_lexeme() -> None:
    pre = search_index.prefilter(parse('"service client"'))
    assert pre is not None and pre.exact
    assert search_index._tsquery(pre.ir) == "('service client')"
    three = search_index.prefilter(parse('"service client est"'))
    assert three is not None
    assert search_index._tsquery(three.ir) == (
        "('service client' & 'client est' & ('service' <-> 'client' <-> 'est'))"
    )
    # A pair too long to be a lexeme: the positions alone.
    long = search_index.prefilter(parse(f'"{LONG} {LONG}"'))
    assert long is not None
    assert search_index._tsquery(long.ir) == f"(('{LONG}' <-> '{LONG}'))"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the tsvector is PostgreSQL's")
def test_it_stores_the_pairs_and_the_search_uses_them(posts: Any) -> None:
    crossing = Mention.objects.get(brand=posts, item__title="Notre service")
    pre = search_index.prefilter(parse('"service client"'))
    assert pre is not None
    sql, params = pre.sql(posts.pk)
    assert params == [f"'~{posts.pk}' & ('service client')"]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT tsvector_to_array(words) FROM {search_index.PG_TABLE} WHERE mention_id = %s",  # noqa: S608 (a constant name)
            [crossing.pk],
        )
        lexemes = set(cursor.fetchone()[0])
        assert {"notre service", "service client", "client fidele"} <= lexemes
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "service client" in plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the tsvector is PostgreSQL's")
def test_the_slow_literal_is_the_same_tsvector_as_the_fast_one(db: Any) -> None:
    tokens = search_index.item_tokens("Le #service", "client @bob est nul, le service client")
    fast = search_index.tsvector_literal(tokens, 3)
    slow = search_index._tsvector_literal_slow(tokens, "'~3'")
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::tsvector = %s::tsvector", [fast, slow])
        assert cursor.fetchone()[0]


def test_a_rebuild_keeps_the_same_answers(posts: Any) -> None:
    before = {q: search(posts, Filters(search=q)).total for q in QUERIES}
    archive.rebuild_text_index()
    assert {q: search(posts, Filters(search=q)).total for q in QUERIES} == before
    assert archive.check()["text index"] == 0
