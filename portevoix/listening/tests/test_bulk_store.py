"""The bulk write keeps every new mention once, drops duplicates, and keeps the archive exact."""

from __future__ import annotations

import datetime as dt
from typing import Any

from portevoix.listening import archive
from portevoix.listening.models import Item, Mention, QueryBucket
from portevoix.listening.pipeline import content_hash
from portevoix.listening.queries import Filters, search
from portevoix.listening.store import NewItem, NewMention, store
from portevoix.listening.tests.factories import make_query

AT = dt.datetime(2026, 3, 2, 14, 5, 30, tzinfo=dt.UTC)


def _item(i: int, *, url: str = "", text: str = "", brand_id: int, **mention: Any) -> NewItem:
    text = text or f"Le service client numéro {i}"
    return NewItem(
        source_kind="rss",
        content_hash=content_hash(f"@a{i}", "", text),
        canonical_url=url,
        url=url,
        published_at=AT + dt.timedelta(minutes=i),
        text=text,
        lang="fr",
        author_handle=f"@a{i}",
        mentions=[NewMention(brand_id, **mention)],
    )


def test_it_stores_new_items_once_and_drops_duplicates(brand: Any) -> None:
    first = store([_item(i, url=f"https://a.test/{i}", brand_id=brand.pk) for i in range(5)])
    assert (first.stored, first.mentions, first.duplicates) == (5, 5, 0)
    again = [
        _item(0, url="https://a.test/0", brand_id=brand.pk),  # the same address
        _item(1, url="https://a.test/other", brand_id=brand.pk),  # the same author and words
        _item(7, url="https://a.test/7", brand_id=brand.pk),
        _item(8, url="https://a.test/7", brand_id=brand.pk),  # twice in the batch
        _item(9, brand_id=brand.pk),
    ]
    second = store(again)
    assert (second.stored, second.mentions, second.duplicates) == (2, 2, 3)
    assert Item.objects.count() == Mention.objects.count() == 7
    assert sorted(Mention.objects.values_list("author", flat=True)) == sorted(
        f"@a{i}" for i in (0, 1, 2, 3, 4, 7, 9)
    )
    assert all(n == 0 for n in archive.check().values())
    assert search(brand, Filters(search='"service client"')).total == 7


def test_it_counts_query_buckets_and_keeps_given_sentiments(brand: Any) -> None:
    query = make_query(brand, "service")
    items = [
        _item(i, brand_id=brand.pk, query_ids=[query.pk], sentiment="negative", enriched_at=AT)
        for i in range(3)
    ]
    items.append(_item(0, text="Autre chose", brand_id=brand.pk, query_ids=[query.pk]))
    store(items)
    buckets = {b.start: (b.count, b.negative) for b in QueryBucket.objects.filter(query=query)}
    minute = AT.replace(second=0)
    assert buckets == {
        minute: (2, 1),
        minute + dt.timedelta(minutes=1): (1, 1),
        minute + dt.timedelta(minutes=2): (1, 1),
    }
    assert set(Mention.objects.values_list("sentiment", flat=True)) == {"negative", ""}
    assert all(n == 0 for n in archive.check().values())
