"""The mention archive at 1M mentions: load with the text index, dashboard widgets, phrase search.

Goals (benchmarks.md, "Listening: archive and dashboards"): ≤ 20 ms per brand widget (one brand,
90 days: per day × sentiment, top 10 authors, a phrase search's count + 50 newest), ≤ 50 ms for
the whole archive per day × source, ≥ 20k mentions/s loaded with the text index.

Each widget is timed (median of 7) beside its naive query, run in the same process on the same
data: a GROUP BY over the mentions (TruncDate in the brand's zone for the days), and for the
search the matcher over every mention of the brand. The widget's answer must equal the naive
one ("exact"); the ratio says what the rollups and the index buy, and holds better than the
milliseconds when other processes share the cores.

The load goes through the product's bulk write (`store.store`, what the ingest pipeline
calls): per batch of 20,000 items, de-duplication, the items, the mentions, the text index and
the rollups, in one transaction. The rate counts all of that, not the generation of the posts
(nor their content hash, which the pipeline computes before storing).
Afterwards `archive.check()` compares the rollups and the index with the mentions.

Fixed seed; the SQLite file is cached in $TMPDIR/pv_archive_bench (one file per schema: delete
it to time the load again). `PORTEVOIX_BENCH_DATABASE_URL=postgres://…/db` runs the same on that
(existing, dedicated) PostgreSQL database afterwards, in a child process since Django reads its
settings once. `PORTEVOIX_BENCH_MENTIONS` changes the size.
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


def _schema() -> str:
    """The newest listening migration: a cached database of an older schema is not reused."""
    folder = Path(__file__).parent.parent / "portevoix" / "listening" / "migrations"
    return max(p.stem for p in folder.glob("0*.py"))


def _setup(database_url: str | None) -> None:
    CACHE.mkdir(exist_ok=True)
    os.environ["PORTEVOIX_VAR_DIR"] = str(CACHE)
    default = f"sqlite:///{CACHE / f'archive-{_schema()}.sqlite3'}"
    os.environ["DATABASE_URL"] = database_url or default
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


def _load() -> tuple[float, float, int]:
    """Generate and insert the archive: (seconds loading, of which this process's CPU, mentions).

    This process's CPU time says what the load costs when other processes share the cores
    (the database work of SQLite is in it; PostgreSQL's server process is not)."""
    from django.db import connection

    from portevoix.accounts.models import Brand, Organisation
    from portevoix.listening import store
    from portevoix.listening.models import Mention
    from portevoix.listening.pipeline import content_hash
    from portevoix.listening.store import BATCH, NewItem, NewMention

    if Mention.objects.count() >= MENTIONS:
        return 0.0, 0.0, 0
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
    loading = cpu = 0.0
    stored = 0
    for base in range(0, MENTIONS, BATCH):
        size = min(BATCH, MENTIONS - base)
        picked = rng.choices(authors, weights, k=size)
        items = []
        for k in range(size):
            lang, text = _post(rng)
            when = END - dt.timedelta(seconds=rng.randrange(DAYS * 86400))
            sentiment = rng.choice(SENTIMENTS)
            mention = NewMention(
                rng.choice(brands).pk,
                sentiment=sentiment,
                enriched_at=when if sentiment else None,  # classified, or waiting for the worker
            )
            items.append(
                NewItem(
                    source_kind=rng.choice(SOURCES),
                    # What the pipeline computes before storing (ingest), not part of the load.
                    # Random words by one author can repeat a post: the post's number keeps
                    # them apart, as their addresses and dates would in the real stream.
                    content_hash=content_hash(picked[k], "", f"{text} {base + k}"),
                    published_at=when,
                    text=text,
                    lang=lang,
                    author_handle=picked[k],
                    mentions=[mention],
                )
            )
        loaded, processor = time.perf_counter(), time.process_time()
        stored += store.store(items).mentions
        loading += time.perf_counter() - loaded
        cpu += time.process_time() - processor
    with connection.cursor() as cursor:
        # What an operator runs after a bulk load (PostgreSQL's autovacuum would, later).
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return loading, cpu, stored


def _timed(fn: Any, runs: int = 7) -> float:
    fn()  # warm
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def _uptime() -> str:
    return subprocess.run(["/usr/bin/uptime"], capture_output=True, text=True).stdout.strip()


def _naive_days(brand: Any, since: dt.date, until: dt.date) -> dict[tuple[dt.date, str], int]:
    import zoneinfo

    from django.db.models import Count
    from django.db.models.functions import TruncDate

    from portevoix.listening import dashboards
    from portevoix.listening.models import Mention

    start, end = dashboards.period(brand, since, until)
    rows = (
        Mention.objects.filter(brand=brand, published_at__gte=start, published_at__lt=end)
        .annotate(day=TruncDate("published_at", tzinfo=zoneinfo.ZoneInfo(brand.timezone)))
        .values_list("day", "sentiment")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(day, sentiment or "unclassified"): n for day, sentiment, n in rows}


def _naive_top(brand: Any, since: dt.date, until: dt.date, column: str) -> list[dict[str, Any]]:
    from django.db.models import Count, Q

    from portevoix.listening import dashboards
    from portevoix.listening.models import Mention

    start, end = dashboards.period(brand, since, until)
    return list(
        Mention.objects.filter(brand=brand, published_at__gte=start, published_at__lt=end)
        .exclude(**{column: ""})
        .values(column)
        .annotate(n=Count("pk"), negative=Count("pk", filter=Q(sentiment="negative")))
        .order_by("-n", column)[:10]
    )


def _naive_archive(since: dt.date, until: dt.date) -> dict[tuple[dt.date, str], int]:
    from django.db.models import Count
    from django.db.models.functions import TruncDate

    from portevoix.listening.models import Mention

    start = dt.datetime.combine(since, dt.time(), tzinfo=dt.UTC)
    end = dt.datetime.combine(until + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
    rows = (
        Mention.objects.filter(published_at__gte=start, published_at__lt=end)
        .annotate(day=TruncDate("published_at", tzinfo=dt.UTC))
        .values_list("day", "source_kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(day, kind): n for day, kind, n in rows}


def _bars(bars: Any) -> dict[tuple[dt.date, str], int]:
    return {(bar.day, key): n for bar in bars for key, n in bar.counts.items()}


def run(label: str) -> None:
    from django.db import connection

    from portevoix.accounts.models import Brand
    from portevoix.listening import archive, dashboards, queries
    from portevoix.listening.models import Mention
    from portevoix.listening.query import parse

    loading, cpu, loaded = _load()
    print(f"-- {label} ({connection.vendor}); {_uptime()}")
    if loaded:
        rate = loaded / loading
        print(
            f"load {loaded:,} mentions with the text index and rollups: {loading:.1f} s = "
            f"{rate:,.0f}/s (goal ≥ 20,000/s) {'MET' if rate >= 20_000 else 'NOT MET'}; "
            f"this process's CPU {cpu:.1f} s = {loaded / cpu:,.0f}/s"
        )
        started = time.perf_counter()
        wrong = archive.check()
        print(
            f"rollups and index against the mentions ({time.perf_counter() - started:.1f} s): "
            + ", ".join(f"{name} {n} wrong" for name, n in wrong.items())
        )
    else:
        print(f"load: cached database reused (delete {CACHE} to time the load)")
    brand = Brand.objects.get(slug="marque-3")
    brand_ids = list(Brand.objects.filter(slug__startswith="marque-").values_list("pk", flat=True))
    until = END.date()
    since = until - dt.timedelta(days=DAYS - 1)
    query = '"service client"'
    filters = queries.Filters(search=query)
    base = (
        Mention.objects.filter(brand=brand).select_related("item").order_by("-published_at", "-pk")
    )

    def search_page(result: Any) -> tuple[int, list[int]]:
        return result.total, [m.pk for m in result.mentions]

    cases = [
        (
            "one brand, 90 days, per day × sentiment",
            20,
            lambda: _bars(dashboards.volume_by_day(brand, since, until)),
            lambda: _naive_days(brand, since, until),
            3,
        ),
        (
            "top 10 authors",
            20,
            lambda: dashboards.top_authors(brand, since, until),
            lambda: _naive_top(brand, since, until, "author"),
            3,
        ),
        (
            "phrase search, count + 50 newest",
            20,
            lambda: search_page(queries.search(brand, filters)),
            lambda: search_page(queries.scan(base, parse(query))),
            1,
        ),
        (
            "whole archive, 90 days, per day × source",
            50,
            lambda: _bars(dashboards.archive_volume_by_source(since, until, brand_ids)),
            lambda: _naive_archive(since, until),
            1,
        ),
        (
            "(not a goal) top sources",
            None,
            lambda: dashboards.top_sources(brand, since, until),
            lambda: _naive_top(brand, since, until, "source_kind"),
            3,
        ),
    ]
    print(
        f"{'widget':43s} {'ms':>8s} {'goal':>6s} {'verdict':>8s} {'naive ms':>9s} {'ratio':>7s} exact"
    )
    for name, goal, widget, naive, naive_runs in cases:
        ms = _timed(widget)
        naive_ms = _timed(naive, runs=naive_runs)
        exact = widget() == naive()
        verdict = "" if goal is None else ("MET" if ms <= goal else "NOT MET")
        print(
            f"{name:43s} {ms:8.1f} {goal or '':>6} {verdict:>8s} {naive_ms:9.1f} "
            f"{naive_ms / ms:6.0f}× {exact}"
        )
    print(f"-- {label} done; {_uptime()}")


def main() -> None:
    child = os.environ.get("PORTEVOIX_ARCHIVE_BENCH_CHILD")
    _setup(child)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    run("PostgreSQL" if child else "SQLite")
    pg = os.environ.get("PORTEVOIX_BENCH_DATABASE_URL")
    if pg and not child:
        env = {**os.environ, "PORTEVOIX_ARCHIVE_BENCH_CHILD": pg}
        subprocess.run([sys.executable, "-m", "bench", "archive"], env=env, check=False)


if __name__ == "__main__":
    main()
