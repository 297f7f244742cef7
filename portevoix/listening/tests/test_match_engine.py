"""The engine (`Monitor`) agrees with the naive evaluator on random queries and documents."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portevoix.listening.query import Document, Monitor, QueryError, evaluate, parse
from portevoix.listening.query import monitor as monitor_module
from portevoix.listening.query.buckets import Split

TERMS = [
    "cafe",
    "café",
    "lumiere",
    "#cafe",
    "@cafe",
    "lum*",
    "caf?",
    "#lum*",
    "raw:Café",
    "le",
    "noir",
]
PHRASES = ['"cafe lumiere"', '"le cafe"', "Saint-Laurent", '"caf* noir"']
FIELDS = ["lang:fr", "site:x.com", "author:bob", "source:rss", "-lang:en", "-site:y.x.com"]
DOC_WORDS = [
    "Café",
    "café",
    "#café",
    "@Cafe",
    "lumière",
    "Lumineux",
    "cafés",
    "le",
    "noir",
    "Saint",
    "Laurent",
    "x",
    "#lumière",
    "CAFÉ",
    "l’équipe",
    "😀",
    "!",
]

operand = st.sampled_from(TERMS + PHRASES)
near_side = operand | st.lists(operand, min_size=2, max_size=3).map(
    lambda xs: f"({' OR '.join(xs)})"
)
near = st.tuples(near_side, st.integers(1, 4), st.booleans(), near_side).map(
    lambda p: f"{p[0]} NEAR/{p[1]}{'f' if p[2] else ''} {p[3]}"
)
leaf = operand | st.sampled_from(FIELDS) | near
queries = st.recursive(
    leaf,
    lambda inner: st.one_of(
        st.lists(inner, min_size=2, max_size=3).map(lambda xs: "(" + " AND ".join(xs) + ")"),
        st.lists(inner, min_size=2, max_size=3).map(lambda xs: "(" + " OR ".join(xs) + ")"),
        st.lists(inner, min_size=2, max_size=3).map(lambda xs: "(" + " ".join(xs) + ")"),
        st.tuples(inner, inner).map(lambda p: f"({p[0]} NOT {p[1]})"),
        inner.map(lambda x: f"(-{x} cafe)"),
    ),
    max_leaves=6,
)
documents = st.fixed_dictionaries(
    {
        "title": st.lists(st.sampled_from(DOC_WORDS), max_size=3).map(" ".join),
        "text": st.lists(st.sampled_from(DOC_WORDS), max_size=12).map(" ".join),
        "lang": st.sampled_from(["fr", "en", "fr-CA", ""]),
        "url": st.sampled_from(["https://x.com/a", "https://y.x.com/", "https://z.org", ""]),
        "author": st.sampled_from(["@bob", "Bob@mastodon.social", "alice", ""]),
        "source": st.sampled_from(["rss", "RSS", "bluesky", ""]),
    }
)


def parsed(texts):
    trees = {}
    for i, text in enumerate(texts):
        try:
            trees[i] = parse(text)
        except QueryError:
            continue
    return trees


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(queries, min_size=1, max_size=8), st.lists(documents, min_size=1, max_size=6))
def test_it_matches_exactly_what_the_naive_evaluator_matches(texts, docs):
    trees = parsed(texts)
    monitor = Monitor()
    for qid, text in enumerate(texts):
        if qid in trees:
            monitor.add(qid, text)
    for fields in docs:
        doc = Document.from_dict(fields)
        expected = {qid for qid, tree in trees.items() if evaluate(tree, doc)}
        assert monitor.match(Document.from_dict(fields)) == expected
        assert expected <= monitor.candidates(doc)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(queries, min_size=4, max_size=12), st.lists(documents, min_size=1, max_size=4))
def test_it_matches_exactly_when_keys_hold_many_entries(monkeypatch, texts, docs):
    # Tiny thresholds: every key with a few entries is filed again by a second key (the same
    # patch for every example, so the shared fixture is harmless).
    monkeypatch.setattr(monitor_module, "SPLIT_AT", 2)
    monkeypatch.setattr(monitor_module, "JOIN_AT", 1)
    trees = parsed(texts)
    monitor = Monitor()
    for qid, text in enumerate(texts * 2):  # the same queries twice: shared keys
        if qid % len(texts) in trees:
            monitor.add(qid, text)
    for qid in range(0, len(texts) * 2, 3):
        monitor.remove(qid)
    for fields in docs:
        doc = Document.from_dict(fields)
        expected = {
            qid
            for qid in range(len(texts) * 2)
            if qid in monitor and evaluate(trees[qid % len(texts)], doc)
        }
        assert monitor.match(Document.from_dict(fields)) == expected
    assert monitor._exact_names == monitor._exact.keys()  # the set follows every add and remove


def test_it_files_entries_of_a_shared_word_again_by_a_second_word(monkeypatch):
    monkeypatch.setattr(monitor_module, "SPLIT_AT", 4)
    monitor = Monitor()
    for i in range(10):
        monitor.add(i, f"lumieredavenir mq{i}")  # the long word is guessed the rarer
    bucket = monitor._exact["lumieredavenir"]
    assert isinstance(bucket, Split) and set(bucket.pairs) == {f"mq{i}" for i in range(10)}
    doc = Document("Lumière-d’avenir? Non: LumièreDAvenir mq3 et mq7")
    assert monitor.match(doc) == {3, 7}
    for i in range(10):
        monitor.remove(i)
    assert not monitor._exact and not monitor._placed  # nothing left behind
    assert not monitor._exact_names


def test_it_adds_replaces_and_removes_one_query_at_a_time():
    monitor = Monitor()
    monitor.add("a", "cafe")
    monitor.add("b", "lumi*")
    doc = Document("Café Lumière")
    assert monitor.match(doc) == {"a", "b"}
    monitor.add("a", "thé")  # same id: replaced
    assert monitor.match(Document("Café Lumière")) == {"b"}
    assert monitor.match(Document("un thé")) == {"a"}
    monitor.remove("b")
    monitor.remove("never-added")
    assert monitor.match(Document("Café Lumière")) == set()
    assert len(monitor) == 1 and "a" in monitor and "b" not in monitor
    assert monitor._exact.keys() == {"the"} and not monitor._prefixes  # nothing left behind
    assert monitor._exact_names == {"the"}


def test_it_keeps_the_old_query_when_the_new_text_is_refused():
    monitor = Monitor()
    monitor.add("a", "cafe")
    with pytest.raises(QueryError):
        monitor.add("a", "a OR b AND c")
    assert monitor.match(Document("cafe")) == {"a"}


def test_it_checks_unanchored_queries_on_every_document():
    monitor = Monitor()
    monitor.add("open", "cafe OR -emploi")
    assert monitor.match(Document("rien à voir")) == {"open"}
    assert monitor.match(Document("offre d'emploi")) == set()


def test_it_moves_queries_off_anchors_that_prove_common(monkeypatch):
    monkeypatch.setattr(monitor_module, "SAMPLE_EVERY", 1)
    monkeypatch.setattr(monitor_module, "REBALANCE_EVERY", 8)
    monitor = Monitor()
    monitor.add("q", '"service client" NEAR/3 zorblax')  # the guess files it on the longer word
    assert monitor._placed["q"][::2] == ("service",)
    for _ in range(16):
        assert monitor.match(Document("le service client est lent")) == set()
    assert monitor._placed["q"][::2] == ("zorblax",)
    assert monitor.match(Document("service client de Zorblax")) == {"q"}
