"""De-duplication by content hash seeks the hash's 64-bit key and compares the hash in full: two
hashes sharing a key are two items, and an item written by the ORM is found as one by the bulk
write. A batch is written sorted by brand and date, whatever order it came in."""

from __future__ import annotations

import datetime as dt
from typing import Any

from portevoix.accounts import actions
from portevoix.listening import archive
from portevoix.listening import store as store_module
from portevoix.listening.models import Item, Mention, hash_key
from portevoix.listening.store import NewItem, NewMention, store

AT = dt.datetime(2026, 3, 2, 14, 5, 30, tzinfo=dt.UTC)


def _item(digest: str, brand_id: int, minutes: int = 0) -> NewItem:
    return NewItem(
        source_kind="rss",
        content_hash=digest,
        published_at=AT + dt.timedelta(minutes=minutes),
        text=f"Le service client {digest}",
        author_handle="@a",
        mentions=[NewMention(brand_id)],
    )


def test_two_hashes_sharing_a_key_are_two_items(brand: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(store_module, "hash_key", lambda digest: 42)
    assert store([_item("a" * 64, brand.pk)]).stored == 1
    again = store([_item("a" * 64, brand.pk), _item("b" * 64, brand.pk)])
    assert (again.stored, again.duplicates) == (1, 1)
    assert set(Item.objects.values_list("content_key", flat=True)) == {42}
    assert Item.objects.count() == 2


def test_an_item_saved_by_the_orm_is_found_by_its_key(brand: Any) -> None:
    item = Item.objects.create(source_kind="rss", content_hash="c" * 64, published_at=AT)
    assert item.content_key == hash_key("c" * 64)
    assert store([_item("c" * 64, brand.pk)]).duplicates == 1


def test_a_batch_is_written_by_brand_then_date(alice: Any, org: Any, brand: Any) -> None:
    other_brand = actions.create_brand(alice, org, name="Autre", timezone="UTC")
    items = [
        _item("d" * 64, other_brand.pk, minutes=1),
        _item("e" * 64, brand.pk, minutes=5),
        _item("f" * 64, brand.pk, minutes=2),
    ]
    store(items)
    written = list(Mention.objects.order_by("pk").values_list("brand_id", "published_at"))
    assert written == sorted(written)
    assert all(n == 0 for n in archive.check().values())
