"""The mention archive at 1M mentions: load with the text index, dashboard widgets, phrase search.

Goals (benchmarks.md, "Listening: archive and dashboards"): ≤ 20 ms per brand widget and for a
phrase search (count + 50 newest), ≤ 50 ms for the whole archive per day × source, ≥ 20k
mentions/s loaded with the text index. Baselines in the same run: the archive search as it was
(every mention of the brand checked newest first by the matcher), the per-day widget through
Django's TruncDate (a Python function per row on SQLite) and the whole-archive chart as a GROUP
BY over every mention instead of the rollup.

Fixed seed; the generated SQLite file is cached in /tmp/pv_archive_bench (delete it to reload).
`PORTEVOIX_BENCH_DATABASE_URL=postgres://…` runs the same on PostgreSQL afterwards (in a child
process, since Django's settings are read once). `PORTEVOIX_BENCH_MENTIONS` changes the size.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

MENTIONS = int(os.environ.get("PORTEVOIX_BENCH_MENTIONS", "1000000"))
BRANDS = 20
DAYS = 90
CACHE = Path(tempfile.gettempdir()) / "pv_archive_bench"
END = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
FR = [
    "le",
    "service",
    "client",
    "est",
    "nul",
    "jamais",
    "plus",
    "ce",
    "café",
    "lumière",
    "est",
    "génial",
    "merci",
    "pour",
    "la",
    "livraison",
    "rapide",
    "les",
    "prix",
    "ont",
    "augmenté",
    "encore",
    "une",
    "fois",
    "bravo",
    "à",
    "l'équipe",
    "du",
    "magasin",
    "de",
    "Montréal",
    "torréfacteur",
    "québécois",
    "une",
    "belle",
    "découverte",
    "attente",
    "interminable",
    "au",
    "téléphone",
]
EN = [
    "customer",
    "service",
    "was",
    "horrible",
    "never",
    "again",
    "the",
    "coffee",
    "is",
    "great",
    "thanks",
    "for",
    "the",
    "fast",
    "delivery",
    "prices",
    "went",
    "up",
    "again",
    "well",
    "done",
    "to",
    "the",
    "team",
    "at",
    "the",
    "store",
    "best",
    "roaster",
    "in",
    "town",
    "long",
    "wait",
]
TAGS = ["#cafelumiere", "#montreal", "#service", "@cafelumiere", "#promo"]
SOURCES = ["rss", "mastodon", "bluesky", "reddit", "youtube"]
SENTIMENTS = ["positive", "neutral", "negative", ""]


def _setup(database_url: str | None) -> None:
    CACHE.mkdir(exist_ok=True)
    os.environ["PORTEVOIX_VAR_DIR"] = str(CACHE)
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{CACHE / 'archive.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portevoix.settings")
    import django

    django.setup()


def _post(rng: random.Random) -> tuple[str, str]:
    lang = "fr" if rng.random() < 0.6 else "en"
    words = FR if lang == "fr" else EN
    n = rng.randint(8, 30)
    start = rng.randrange(len(words) - 8)
    text = [
        rng.choice(words) if rng.random() < 0.5 else words[(start + i) % len(words)]
        for i in range(n)
    ]
    if rng.random() < 0.3:
        text.append(rng.choice(TAGS))
    return lang, " ".join(text)


def _load() -> tuple[float, int]:
    """Generate and insert the archive; (seconds, mentions). Nothing when already loaded."""
    from django.db import connection, transaction

    from portevoix.accounts.models import Brand, Organisation
    from portevoix.listening import search_index
    from portevoix.listening.models import Mention

    if Mention.objects.count() >= MENTIONS:
        return 0.0, 0
    rng = random.Random(2026)
    org = Organisation.objects.create(name="Bench", slug=f"bench-{rng.randrange(10**9)}")
    brands = [
        Brand.objects.create(
            organisation=org, name=f"Marque {i}", slug=f"marque-{i}", timezone="America/Montreal"
        )
        for i in range(BRANDS)
    ]
    authors = [f"@auteur{i}" for i in range(20_000)]
    weights = [1 / (i + 1) for i in range(len(authors))]  # Zipf
    started = time.perf_counter()
    chunk = 20_000
    with connection.cursor() as cursor:
        next_id = (
            cursor.execute("SELECT COALESCE(MAX(id), 0) FROM listening_item") or cursor
        ).fetchone()[0] + 1
    for base in range(0, MENTIONS, chunk):
        size = min(chunk, MENTIONS - base)
        picked = rng.choices(authors, weights, k=size)
        items, mentions, texts = [], [], []
        for k in range(size):
            pk = next_id + base + k
            lang, text = _post(rng)
            when = END - dt.timedelta(seconds=rng.randrange(DAYS * 86400))
            kind = rng.choice(SOURCES)
            stamp = connection.ops.adapt_datetimefield_value(when)
            items.append(
                (pk, kind, "", "", f"h{pk}", "", "", text, lang, picked[k], "", stamp, stamp)
            )
            mentions.append(
                (
                    rng.choice(brands).pk,
                    pk,
                    stamp,
                    kind,
                    lang,
                    picked[k],
                    rng.choice(SENTIMENTS),
                    "[]",
                    stamp,
                )
            )
            texts.append((pk, "", text))
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO listening_item (id, source_kind, url, canonical_url, content_hash, "
                "platform_id, title, text, lang, author_handle, author_name, published_at, "
                "fetched_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                items,
            )
            cursor.executemany(
                "INSERT INTO listening_mention (brand_id, item_id, published_at, source_kind, "
                "lang, author, sentiment, keyphrases, created_at) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
                mentions,
            )
            search_index.index_rows(texts)
    search_index.rebuild_archive_days()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return time.perf_counter() - started, MENTIONS


def _timed(fn: Any, runs: int = 7) -> float:
    fn()  # warm
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def _verdict(ms: float, goal: float) -> str:
    return "MET" if ms <= goal else "NOT MET"


def run(label: str) -> None:
    from django.db import connection
    from django.db.models import Count
    from django.db.models.functions import TruncDate

    from portevoix.accounts.models import Brand
    from portevoix.listening import queries
    from portevoix.listening.models import Mention
    from portevoix.listening.query import parse

    seconds, loaded = _load()
    print(f"-- {label} ({connection.vendor}); load average: {os.getloadavg()}")
    if loaded:
        rate = loaded / seconds
        print(
            f"load {loaded:,} mentions with the text index: {seconds:.1f} s = {rate:,.0f}/s "
            f"(goal ≥ 20,000/s) {'MET' if rate >= 20_000 else 'NOT MET'}"
        )
    else:
        print("load: cached database reused (delete /tmp/pv_archive_bench to time the load)")
    brand = Brand.objects.get(slug="marque-3")
    until = END.date()
    since = until - dt.timedelta(days=DAYS - 1)
    query = '"service client"'
    filters = queries.Filters(search=query)
    rows: list[tuple[str, float, float]] = [
        (
            "one brand, 90 days, per day × sentiment",
            _timed(lambda: queries.volume_by_day(brand, since, until)),
            20,
        ),
        ("top 10 authors", _timed(lambda: queries.top_values(brand, since, until, "author")), 20),
        ("phrase search, count + 50 newest", _timed(lambda: queries.search(brand, filters)), 20),
        (
            "whole archive, 90 days, per day × source",
            _timed(lambda: queries.archive_volume_by_source(since, until)),
            50,
        ),
    ]
    for name, ms, goal in rows:
        print(f"{name:45s} {ms:9.1f} ms  (goal ≤ {goal} ms) {_verdict(ms, goal)}")
    result = queries.search(brand, filters)
    base = (
        Mention.objects.filter(brand=brand).select_related("item").order_by("-published_at", "-pk")
    )
    started = time.perf_counter()
    reference = queries.scan(base, parse(query))
    scan_ms = (time.perf_counter() - started) * 1000
    same = result.total == reference.total and [m.pk for m in result.mentions] == [
        m.pk for m in reference.mentions
    ]
    print(
        f"baseline search (matcher over every mention, once): {scan_ms:,.0f} ms, "
        f"{reference.scanned:,} read; indexed search ×{scan_ms / rows[2][1]:,.0f} faster; "
        f"same {result.total:,} hits and page: {same}"
    )
    trunc = _timed(
        lambda: list(
            Mention.objects.filter(brand=brand, published_at__gte=END - dt.timedelta(days=DAYS))
            .annotate(day=TruncDate("published_at"))
            .values("day", "sentiment")
            .annotate(n=Count("pk"))
            .order_by()
        ),
        runs=3,
    )
    print(
        f"baseline per day × sentiment via TruncDate: {trunc:,.1f} ms (×{trunc / rows[0][1]:,.1f})"
    )
    whole = _timed(
        lambda: list(
            Mention.objects.filter(published_at__gte=END - dt.timedelta(days=DAYS))
            .annotate(day=TruncDate("published_at"))
            .values("day", "source_kind")
            .annotate(n=Count("pk"))
            .order_by()
        ),
        runs=1,
    )
    print(
        f"baseline whole archive GROUP BY over mentions: {whole:,.0f} ms "
        f"(rollup ×{whole / rows[3][1]:,.0f})"
    )


def main() -> None:
    child = os.environ.get("PORTEVOIX_ARCHIVE_BENCH_CHILD")
    _setup(child)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    print(
        f"uptime: {subprocess.run(['/usr/bin/uptime'], capture_output=True, text=True).stdout.strip()}"
    )
    run("PostgreSQL" if child else "SQLite")
    pg = os.environ.get("PORTEVOIX_BENCH_DATABASE_URL")
    if pg and not child:
        env = {**os.environ, "PORTEVOIX_ARCHIVE_BENCH_CHILD": pg}
        subprocess.run([sys.executable, "-m", "bench", "archive"], env=env, check=False)


if __name__ == "__main__":
    main()
