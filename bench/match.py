"""Matching standing queries against a stream of posts (benchmarks.md, "Listening").

Generates, from a fixed seed, French/English posts (≈284 bytes, accents, hashtags, handles, URLs)
and brand-like queries (phrases, OR groups, NOT, NEAR, wildcards, field filters), then at 1k, 10k
and 100k queries measures beside each other, in this process:

- the naive evaluator (every query's tree on every document), timed on a sample and given as
  docs/s; its match sets are the reference: the engine must agree on every sampled document;
- the engine (`Monitor`): docs/s including tokenisation, candidates per true match (the queries
  whose set checks a document passes), how many of those the exact evaluator decides, add and
  edit cost per query, memory per query (tracemalloc).

Other processes share the machine: besides wall-clock docs/s, each figure is also given in CPU
time (`time.process_time`), which they disturb much less (for the stream, the median of chunks
of 250 documents), and the load average is printed. The verdicts use the CPU figures.

`python -m bench match [--quick]`; the verdict compares with the goals of benchmarks.md.
"""

from __future__ import annotations

import gc
import os
import random
import statistics
import sys
import time
import tracemalloc
from typing import Any

SEED = 2026
SIZES = (1_000, 10_000, 100_000)
QUICK_SIZES = (1_000, 10_000)
GOALS = {1_000: 40_000, 10_000: 15_000, 100_000: 3_000}  # docs/s per core
DOCS = 4_000
WARMUP = 1_000
QUICK_DOCS = 1_000
CHUNK = 250  # documents per timed chunk
# The naive evaluator runs about 2M query checks per second: size its sample to a few seconds.
NAIVE_CHECKS = 3_000_000

FR_WORDS = [
    "le",
    "la",
    "les",
    "un",
    "une",
    "des",
    "du",
    "de",
    "et",
    "ou",
    "mais",
    "donc",
    "très",
    "vraiment",
    "trop",
    "bien",
    "mal",
    "super",
    "génial",
    "nul",
    "horrible",
    "déçu",
    "contente",
    "heureux",
    "service",
    "client",
    "prix",
    "qualité",
    "livraison",
    "commande",
    "équipe",
    "café",
    "thé",
    "boutique",
    "magasin",
    "produit",
    "nouveau",
    "nouvelle",
    "ouverture",
    "succursale",
    "Montréal",
    "Québec",
    "Paris",
    "Lyon",
    "matin",
    "soir",
    "journée",
    "semaine",
    "été",
    "hiver",
    "à",
    "côté",
    "chez",
    "nous",
    "vous",
    "ils",
    "elles",
    "être",
    "avoir",
    "fait",
    "essayé",
    "adoré",
    "détesté",
    "recommandé",
    "jamais",
    "plus",
    "encore",
    "toujours",
    "déjà",
    "enfin",
    "pourquoi",
    "comment",
    "l’équipe",
    "l’accueil",
    "d’abord",
    "aujourd’hui",
    "Saint-Laurent",
    "week-end",
    "emploi",
    "recrutement",
    "stage",
    "offre",
    "promo",
    "soldes",
    "réduction",
    "goût",
    "arôme",
    "torréfacteur",
    "crème",
    "brûlée",
    "œuvre",
    "cœur",
    "fête",
]
EN_WORDS = [
    "the",
    "a",
    "an",
    "and",
    "or",
    "but",
    "so",
    "very",
    "really",
    "too",
    "good",
    "bad",
    "great",
    "awful",
    "terrible",
    "disappointed",
    "happy",
    "customer",
    "service",
    "price",
    "quality",
    "delivery",
    "order",
    "team",
    "coffee",
    "tea",
    "shop",
    "store",
    "product",
    "new",
    "opening",
    "branch",
    "downtown",
    "morning",
    "evening",
    "day",
    "week",
    "summer",
    "winter",
    "next",
    "to",
    "with",
    "us",
    "you",
    "they",
    "be",
    "have",
    "did",
    "tried",
    "loved",
    "hated",
    "recommend",
    "never",
    "again",
    "always",
    "already",
    "finally",
    "why",
    "how",
    "job",
    "hiring",
    "internship",
    "deal",
    "sale",
    "discount",
    "taste",
    "flavour",
    "roaster",
    "it's",
    "don't",
    "can't",
    "I'm",
]
EMOJIS = ("😀", "☕", "🔥", "👍", "😡", "🎉", "❤️")
SYLLABLES = [
    "lu",
    "mi",
    "ka",
    "fe",
    "to",
    "ra",
    "vo",
    "ni",
    "se",
    "ba",
    "ko",
    "ze",
    "lo",
    "ta",
    "ri",
    "mu",
    "pa",
    "do",
    "ve",
    "su",
    "na",
    "fi",
    "go",
    "be",
    "tor",
    "lan",
    "mer",
    "vel",
    "dor",
    "zan",
    "quin",
    "brau",
    "fal",
    "sil",
]
# Some brands carry a dictionary word as their name, the case that makes pre-filters leak.
WORD_BRANDS = ("orange", "soleil", "lumière", "avenir", "horizon", "maison", "nova", "atlas")
TOPICS_FR = ("service", "prix", "qualité", "livraison", "accueil", "goût")
TOPICS_EN = ("service", "price", "quality", "delivery", "taste", "staff")
SOURCES = ("rss", "bluesky", "mastodon", "reddit", "web")


def _brand(rng: random.Random, i: int) -> tuple[str, str]:
    """A brand's two name words; about one in twenty uses a dictionary word."""
    if i % 20 == 7:
        first = WORD_BRANDS[i % len(WORD_BRANDS)]
    else:
        first = "".join(rng.choice(SYLLABLES) for _ in range(3)) + str(i % 7 or "")
    second = rng.choice(("café", "studio", "lab", "boutique", "group", "market", "sport", "bio"))
    return first, second


def make_queries(count: int, rng: random.Random) -> tuple[list[tuple[str, str]], list]:
    """`count` queries over `count // 2` brands; returns (id, text) pairs and the brands."""
    brands = [_brand(rng, i) for i in range(max(1, count // 2))]
    queries = []
    for i in range(count):
        first, second = brands[i // 2 if i // 2 < len(brands) else rng.randrange(len(brands))]
        tag = (first + second).replace("é", "e")
        shape = rng.randrange(8)
        if shape == 0:
            q = f'("{first} {second}" OR @{tag} OR #{tag}) NOT (emploi OR recrutement) lang:fr'
        elif shape == 1:
            q = f"({first} OR #{first}) NEAR/3 ({' OR '.join(rng.sample(TOPICS_FR, 3))})"
        elif shape == 2:
            q = f'"service client" NEAR/5f {first} -site:{first}.com'
        elif shape == 3:
            q = f"{first[:4]}* {second}"
        elif shape == 4:
            q = f'"{first} {second}" OR (@{tag} source:{rng.choice(SOURCES)})'
        elif shape == 5:
            q = f"{first} ({' OR '.join(rng.sample(TOPICS_EN, 2))}) -hiring"
        elif shape == 6:
            q = f"#{tag} OR (raw:{first.capitalize()} {second})"
        else:
            q = f"{first} NEAR/2f {second} OR {first}-{second}"
            q = f'({q.split(" OR ")[0]}) OR "{first}-{second}"'
        queries.append((f"q{i}", q))
    return queries, brands


def make_posts(count: int, brands: list, rng: random.Random) -> list[dict[str, Any]]:
    posts = []
    for i in range(count):
        french = rng.random() < 0.6
        words = FR_WORDS if french else EN_WORDS
        parts: list[str] = []
        for _ in range(rng.choice((0, 1, 1, 2))):
            # Most mentions spread over every brand, a fifth go to a few popular ones.
            pick = rng.randrange(len(brands)) if rng.random() < 0.8 else int(rng.paretovariate(1.0))
            first, second = brands[pick % len(brands)]
            tag = (first + second).replace("é", "e")
            parts.append(
                rng.choice(
                    (
                        f"{first.capitalize()} {second}",
                        f"#{tag}",
                        f"@{tag}",
                        first,
                        f"{first}-{second}",
                    )
                )
            )
        text: list[str] = []
        while sum(len(w.encode()) + 1 for w in text) < 230:
            roll = rng.random()
            if roll < 0.04 and parts:
                text.append(parts.pop())
            elif roll < 0.07:
                text.append(rng.choice(EMOJIS))
            elif roll < 0.09:
                text.append(f"#{rng.choice(words).lower()}")
            else:
                text.append(rng.choice(words) + rng.choice(("", "", "", "", ",", ".", "!")))
        text.extend(parts)
        if rng.random() < 0.4:
            text.append(f"https://{rng.choice(brands)[0]}.com/p/{i}")
        title = " ".join(rng.choice(words) for _ in range(4)).capitalize()
        posts.append(
            {
                "id": f"d{i}",
                "title": title,
                "text": " ".join(text),
                "lang": "fr" if french else "en",
                "author": f"@user{rng.randrange(5000)}",
                "url": f"https://www.{rng.choice(('blog', 'news', brands[i % len(brands)][0]))}.com/{i}",
                "source": rng.choice(SOURCES),
            }
        )
    return posts


def _build(queries: list[tuple[str, str]]) -> tuple[Any, float, float]:
    """The Monitor holding `queries`, and the wall and CPU seconds the adds took."""
    from portevoix.listening.query import Monitor

    monitor = Monitor()
    wall, cpu = time.perf_counter(), time.process_time()
    for qid, text in queries:
        monitor.add(qid, text)
    return monitor, time.perf_counter() - wall, time.process_time() - cpu


def _memory_per_query(queries: list[tuple[str, str]]) -> float:
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    monitor, _, _ = _build(queries)
    gc.collect()
    used = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    del monitor
    return used / len(queries)


def _timed(work: Any) -> tuple[float, float]:
    """(wall, CPU) seconds of `work()`."""
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu


def run_size(size: int, n_docs: int) -> dict[str, float]:
    from portevoix.listening.query import Document, evaluate, parse

    queries, brands = make_queries(size, random.Random(SEED + size))
    monitor, build_wall, build_cpu = _build(queries)
    edits = queries[: min(1000, size)]

    def edit() -> None:  # an edit: same id, new text
        for qid, text in edits:
            monitor.add(qid, text.replace("(", "( ", 1))

    def remove_add() -> None:
        for qid, text in edits:
            monitor.remove(qid)
            monitor.add(qid, text)

    edit_wall, edit_cpu = _timed(edit)
    remove_add_wall, _ = _timed(remove_add)

    # The Monitor learns which keys are common from the stream: let it see some first.
    for post in make_posts(WARMUP, brands, random.Random(SEED + size + 2)):
        monitor.match(Document.from_dict(post))
    docs_posts = make_posts(n_docs, brands, random.Random(SEED + size + 1))
    # Timed in chunks: the median chunk's CPU time per document is the figure least moved by
    # the other processes of the machine (a burst of theirs spoils a chunk, not the run).
    chunk_cpu: list[float] = []
    matches = 0
    gc.collect()
    engine_wall = time.perf_counter()
    for start in range(0, len(docs_posts), CHUNK):
        chunk = docs_posts[start : start + CHUNK]
        cpu = time.process_time()
        for post in chunk:  # tokenising included: a document is built from its JSON shape
            matches += len(monitor.match(Document.from_dict(post)))
        chunk_cpu.append((time.process_time() - cpu) / len(chunk))
    engine_wall = time.perf_counter() - engine_wall
    candidates = unsure = 0
    for post in docs_posts:
        sure, maybe = monitor.prefilter(Document.from_dict(post))
        candidates += len(sure) + len(maybe)
        unsure += len(maybe)

    # The naive baseline, and the exactness check on the same sample.
    trees = [(qid, parse(text)) for qid, text in queries]
    sample = docs_posts[: max(3, min(len(docs_posts), NAIVE_CHECKS // size))]
    reference: list[set[str]] = []

    def naive() -> None:
        for post in sample:
            doc = Document.from_dict(post)
            reference.append({qid for qid, tree in trees if evaluate(tree, doc)})

    naive_wall, naive_cpu = _timed(naive)
    for post, expected in zip(sample, reference, strict=True):
        got = monitor.match(Document.from_dict(post))
        if got != expected:
            missing, extra = sorted(expected - got)[:5], sorted(got - expected)[:5]
            raise SystemExit(f"EXACTNESS FAILURE on {post['id']}: missing {missing}, extra {extra}")
    memory = _memory_per_query(queries) if size <= 10_000 or not QUICK else float("nan")
    n = len(docs_posts)
    return {
        "size": size,
        "engine": n / engine_wall,
        "engine_cpu_us": statistics.median(chunk_cpu) * 1e6,
        "engine_cpu_mean_us": statistics.fmean(chunk_cpu) * 1e6,
        "naive": len(sample) / naive_wall,
        "naive_cpu_us": naive_cpu / len(sample) * 1e6,
        "sample": len(sample),
        "matches_per_doc": matches / n,
        "candidates_per_match": candidates / max(1, matches),
        "unsure_per_doc": unsure / n,
        "add_us": build_wall / size * 1e6,
        "add_cpu_us": build_cpu / size * 1e6,
        "edit_us": edit_wall / len(edits) * 1e6,
        "edit_cpu_us": edit_cpu / len(edits) * 1e6,
        "remove_add_us": remove_add_wall / len(edits) * 1e6,
        "memory": memory,
    }


QUICK = False


def _load() -> str:
    """The machine's load averages (1, 5, 15 min), as `uptime` gives them."""
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def _report(size: int, r: dict[str, float], verdicts: list[tuple[str, bool]]) -> None:
    cpu_rate = 1e6 / r["engine_cpu_us"]
    fast = cpu_rate >= GOALS[size]
    few = r["candidates_per_match"] <= 2
    cheap = max(r["add_cpu_us"], r["edit_cpu_us"]) <= 100
    print(f"{size:,} queries (load average {_load()})")
    print(
        f"  engine     {r['engine']:9,.0f} docs/s wall | {r['engine_cpu_us']:7.1f} µs CPU/doc "
        f"(median chunk; mean {r['engine_cpu_mean_us']:.1f}) = {cpu_rate:,.0f} docs/s CPU | "
        f"goal ≥ {GOALS[size]:,}: {_verdict(fast)}"
    )
    print(
        f"  naive      {r['naive']:9,.1f} docs/s wall | {r['naive_cpu_us']:7,.0f} µs CPU/doc "
        f"({r['sample']:,.0f} documents) | engine/naive: {r['engine'] / r['naive']:,.0f}× wall, "
        f"{r['naive_cpu_us'] / r['engine_cpu_us']:,.0f}× CPU"
    )
    print(
        f"  matching   {r['matches_per_doc']:.2f} matches/doc | {r['candidates_per_match']:.2f} "
        f"candidates per true match (goal ≤ 2: {_verdict(few)}) | "
        f"{r['unsure_per_doc']:.2f} exact evaluations/doc"
    )
    print(
        f"  add/edit   add {r['add_cpu_us']:.1f} µs CPU ({r['add_us']:.1f} wall) | edit "
        f"{r['edit_cpu_us']:.1f} µs CPU ({r['edit_us']:.1f} wall) | remove + add "
        f"{r['remove_add_us']:.1f} µs wall | goal ≤ 100 µs CPU: {_verdict(cheap)}"
    )
    verdicts += [
        (f"{size:,} queries: ≥ {GOALS[size]:,} docs/s per core (CPU time)", fast),
        (f"{size:,} queries: ≤ 2 candidates per true match", few),
        (f"{size:,} queries: add/edit ≤ 100 µs (CPU time)", cheap),
    ]
    if r["memory"] == r["memory"]:  # not NaN
        small = r["memory"] <= 1024
        print(f"  memory     {r['memory']:,.0f} bytes/query (goal ≤ 1 KB: {_verdict(small)})")
        verdicts.append((f"{size:,} queries: ≤ 1 KB per query", small))
    print(
        f"  exactness  engine == naive on all {r['sample']:,.0f} sampled documents: yes", flush=True
    )


def main() -> None:
    global QUICK
    QUICK = "--quick" in sys.argv
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portevoix.settings")
    import django

    django.setup()  # only for the translated text of a refusal, should a query be refused
    sizes = QUICK_SIZES if QUICK else SIZES
    rng = random.Random(SEED)
    n_docs = QUICK_DOCS if QUICK else DOCS
    sample_posts = make_posts(200, [_brand(rng, i) for i in range(100)], random.Random(SEED))
    mean_bytes = sum(len((p["title"] + "\n" + p["text"]).encode()) for p in sample_posts) / 200
    print(
        f"seed {SEED}; {n_docs:,} posts of {mean_bytes:.0f} bytes (title + text) per size, after "
        f"{WARMUP:,} warm-up posts; one process, one core of {os.cpu_count()}; "
        f"load average {_load()}"
    )
    print(
        "Other processes share the machine: wall-clock figures drift with them; CPU time "
        "(process_time) drifts much less, and the verdicts use it."
    )
    verdicts: list[tuple[str, bool]] = []
    for size in sizes:
        _report(size, run_size(size, n_docs), verdicts)
    print(f"verdict (load average {_load()}):")
    for goal, ok in verdicts:
        print(f"  {_verdict(ok)}  {goal}")
