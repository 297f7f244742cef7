"""The archive search through the text index gives exactly what a scan with the matcher gives."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
from django.core.management import call_command

from portevoix.listening import archive, search_index
from portevoix.listening.models import Item, Mention
from portevoix.listening.queries import Filters, scan, search
from portevoix.listening.query import Document, QueryError, evaluate, parse

WORDS = [
    "café",
    "cafe",
    "lumière",
    "lumiere",
    "service",
    "client",
    "nul",
    "horrible",
    "jamais",
    "plus",
    "emploi",
    "recrutement",
    "torréfacteur",
    "apple",
    "orange",
    "juice",
    "Saint",
    "Laurent",
    "l'entreprise",
    "génial",
    "bravo",
    "merci",
    "le",
    "la",
    "de",
    "et",
]
TAGS = ["#cafelumiere", "#café", "@cafelumiere", "@bob", "#service"]
EXAMPLES = [
    '("café lumière" OR @cafelumiere OR #cafelumiere) NOT (emploi OR recrutement) lang:fr',
    "(lumiere OR lumière) NEAR/3 (cafe OR café OR torréfacteur)",
    '"service client" NEAR/5f (nul OR horrible OR "jamais plus") -site:cafelumiere.ca',
]
START = dt.datetime(2026, 9, 1, tzinfo=dt.UTC)


def _text(rng: random.Random) -> str:
    words = [rng.choice(WORDS + TAGS if rng.random() < 0.2 else WORDS) for _ in range(12)]
    return " ".join(words).capitalize()


@pytest.fixture
def corpus(brand: Any) -> Any:
    rng = random.Random(7)  # noqa: S311 (a fixed corpus, not a secret)
    for i in range(400):
        item = Item.objects.create(
            source_kind=rng.choice(["rss", "mastodon", "bluesky"]),
            url=rng.choice(["https://cafelumiere.ca/a", "https://news.test/b", ""]),
            content_hash=str(i),
            title=_text(rng) if rng.random() < 0.3 else "",
            text=_text(rng),
            lang=rng.choice(["fr", "en"]),
            author_handle=rng.choice(["@bob", "@marie", ""]),
            published_at=START + dt.timedelta(minutes=rng.randrange(90 * 24 * 60)),
        )
        Mention.objects.create(
            brand=brand,
            item=item,
            published_at=item.published_at or START,
            source_kind=item.source_kind,
            lang=item.lang,
            author=item.author_handle,
        )
    archive.rebuild()
    return brand


def _word(rng: random.Random) -> str:
    word = rng.choice(WORDS + TAGS)
    roll = rng.random()
    if roll < 0.1 and len(word) > 4 and word[0] not in "#@":
        return word[:4] + "*"
    if roll < 0.15:
        return f"raw:{word}"
    return word


def _query(rng: random.Random, depth: int = 0) -> str:
    roll = rng.random()
    if depth > 1 or roll < 0.35:
        return _word(rng)
    if roll < 0.5:
        return f'"{_word(rng).lstrip("raw:")} {rng.choice(WORDS)}"'
    if roll < 0.6:
        return f"{_query(rng, depth + 1)} NEAR/{rng.randint(1, 4)} {_word(rng)}"
    if roll < 0.7:
        return f"{_query(rng, depth + 1)} -{_word(rng)}"
    if roll < 0.8:
        return f"{_query(rng, depth + 1)} {rng.choice(['lang:fr', 'source:rss', 'author:bob'])}"
    op = rng.choice([" AND ", " OR "])
    return "(" + op.join(_query(rng, depth + 1) for _ in range(rng.randint(2, 3))) + ")"


def _naive(brand: Any, query: str) -> list[int]:
    node = parse(query)
    found = []
    for mention in Mention.objects.filter(brand=brand).select_related("item"):
        item = mention.item
        doc = Document(
            item.text,
            title=item.title,
            lang=item.lang,
            author=item.author_handle,
            url=item.url,
            source=item.source_kind,
        )
        if evaluate(node, doc):
            found.append(mention.pk)
    return found


def _check(brand: Any, query: str) -> None:
    result = search(brand, Filters(search=query), limit=20)
    reference = scan(
        Mention.objects.filter(brand=brand).select_related("item").order_by("-published_at", "-pk"),
        parse(query),
        limit=20,
    )
    assert result.total == reference.total == len(_naive(brand, query)), query
    assert [m.pk for m in result.mentions] == [m.pk for m in reference.mentions], query


def test_it_finds_exactly_what_the_scan_finds_for_random_queries(corpus: Any) -> None:
    rng = random.Random(2026)  # noqa: S311 (a fixed corpus, not a secret)
    checked = 0
    while checked < 60:
        query = _query(rng)
        try:
            parse(query)
        except QueryError:  # a generated query the language refuses
            continue
        _check(corpus, query)
        checked += 1


@pytest.mark.parametrize("query", EXAMPLES)
def test_it_finds_exactly_what_the_scan_finds_for_the_documented_examples(
    corpus: Any, query: str
) -> None:
    _check(corpus, query)


def test_it_lets_the_database_count_when_the_index_query_is_exact(corpus: Any) -> None:
    pre = search_index.prefilter(parse('"service client" OR #cafelumiere'))
    assert pre is not None and pre.exact
    near = search_index.prefilter(parse("cafe NEAR/2 lumiere"))
    assert near is not None and not near.exact
    assert search_index.prefilter(parse("lang:fr")) is None


def test_it_rebuilds_the_index_from_the_database(corpus: Any) -> None:
    before = search(corpus, Filters(search='"service client"')).total
    assert before > 0
    from django.db import connection

    with connection.cursor() as cursor:
        table = (
            search_index.PG_TABLE if connection.vendor == "postgresql" else search_index.FTS_TABLE
        )
        cursor.execute(f"DELETE FROM {table}")  # noqa: S608 (a constant name)
    assert search(corpus, Filters(search='"service client"')).total == 0
    call_command("rebuild_search_index", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert search(corpus, Filters(search='"service client"')).total == before
