"""Builders for listening objects, made through the actions like the app makes them."""

from __future__ import annotations

from typing import Any

from portevoix.accounts.models import Brand
from portevoix.listening import actions
from portevoix.listening.models import MonitorQuery, Source, SourceKind


def make_query(
    brand: Brand, query: str = '"café lumière" OR #cafelumiere', **fields: Any
) -> MonitorQuery:
    return actions.save_query(
        None, brand, name=fields.pop("name", query[:60]), query=query, **fields
    )


def make_feed(brand: Brand, url: str, **fields: Any) -> Source:
    return actions.save_source(
        None, brand, kind=SourceKind.FEED, name=fields.pop("name", url[-40:]), url=url, **fields
    )
