"""Items are stored once, matched against every brand's queries at once, and counted."""

from __future__ import annotations

import datetime as dt
from typing import Any

from portevoix.accounts import actions as accounts_actions
from portevoix.listening.models import Item, Mention, QueryBucket
from portevoix.listening.pipeline import RawItem, canonical_url, ingest
from portevoix.listening.tests.factories import make_query

WHEN = dt.datetime(2026, 12, 1, 10, 30, 15, tzinfo=dt.UTC)


def raw(text: str, url: str = "", author: str = "@marie", lang: str = "fr") -> RawItem:
    return RawItem(
        source_kind="rss", url=url, text=text, author_handle=author, lang=lang, published_at=WHEN
    )


def test_it_makes_a_mention_per_brand_with_the_queries_it_matched(
    brand: Any, alice: Any, org: Any
) -> None:
    other = accounts_actions.create_brand(alice, org, name="Brûlerie Nord")
    ours = make_query(brand, '"café lumière"')
    hashtag = make_query(brand, "#cafelumiere")
    theirs = make_query(other, "brulerie")
    make_query(brand, "emploi")
    stats = ingest(
        None, [raw("Le Café-Lumière et la Brûlerie du coin #cafelumiere", "https://a.test/1")]
    )
    assert (stats.stored, stats.mentions) == (1, 2)
    mine = Mention.objects.get(brand=brand)
    assert set(mine.queries.all()) == {ours, hashtag}
    assert set(Mention.objects.get(brand=other).queries.all()) == {theirs}
    assert QueryBucket.objects.get(query=ours).start == WHEN.replace(second=0)


def test_it_stores_nothing_twice(brand: Any) -> None:
    make_query(brand, "lumiere")
    first = ingest(None, [raw("Café Lumière ouvre", "https://a.test/1?utm_source=x")])
    again = ingest(
        None,
        [
            raw("Café Lumière ouvre", "https://A.test/1/#top"),  # same canonical URL
            raw("café   lumière OUVRE", ""),  # same author, same words
            raw("café lumière ouvre", "", author="@jean"),  # someone else saying it counts
        ],
    )
    assert (first.stored, again.stored, again.duplicates) == (1, 1, 2)
    assert Item.objects.count() == 2
    assert QueryBucket.objects.get().count == 2


def test_it_sees_a_new_query_without_a_restart(brand: Any) -> None:
    ingest(None, [raw("Rien sur la marque", "https://a.test/1")])
    make_query(brand, "croissant")
    from portevoix.listening import matching

    matching.current_monitor().sync(force=True)
    ingest(None, [raw("Le meilleur croissant", "https://a.test/2")])
    assert Mention.objects.count() == 1


def test_it_canonicalises_urls() -> None:
    assert canonical_url("HTTPS://Example.COM:443/a/?utm_medium=x&id=3&fbclid=y#frag") == (
        "https://example.com/a?id=3"
    )
