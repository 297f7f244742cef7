"""Matched mentions get a sentiment, reach and keyphrases in batches; a person's correction is
kept, moves the negative counters, and teaches the brand's classifier."""

from __future__ import annotations

import datetime as dt
from typing import Any

from portevoix.accounts import actions as accounts_actions
from portevoix.listening import actions, enrichment, nlp
from portevoix.listening.models import BrandClassifier, Mention, QueryBucket, SentimentCorrection
from portevoix.listening.pipeline import RawItem, ingest
from portevoix.listening.tests.factories import make_query

WHEN = dt.datetime(2026, 12, 1, 10, 30, tzinfo=dt.UTC)


def post(text: str, n: int) -> RawItem:
    return RawItem(
        source_kind="bluesky",
        url=f"https://b.test/{n}",
        text=text,
        author_handle=f"@p{n}",
        author_followers=1200,
        lang="fr",
        published_at=WHEN,
    )


def test_it_classifies_and_counts_negatives(brand: Any) -> None:
    query = make_query(brand, "lumiere")
    ingest(
        None,
        [
            post("Le Café Lumière est une catastrophe, service horrible, plus jamais.", 1),
            post("J'adore le Café Lumière, meilleur latte en ville, merci l'équipe!", 2),
        ],
    )
    assert enrichment.enrich_pending() == 2
    negative = Mention.objects.get(item__url="https://b.test/1")
    positive = Mention.objects.get(item__url="https://b.test/2")
    assert (negative.sentiment, positive.sentiment) == ("negative", "positive")
    assert negative.reach is not None and 0 < negative.reach <= 100
    assert negative.keyphrases
    assert QueryBucket.objects.get(query=query).negative == 1
    assert enrichment.enrich_pending() == 0  # nothing done twice


def test_it_learns_a_correction_for_this_brand_only(brand: Any, alice: Any, org: Any) -> None:
    other = accounts_actions.create_brand(alice, org, name="Autre café")
    query = make_query(brand, "poudreuse")
    make_query(other, "poudreuse")
    text = "Trop de poudreuse ce matin, c'est malade!"
    ingest(None, [post(text, 1)])
    enrichment.enrich_pending()
    mention = Mention.objects.get(brand=brand)
    actions.correct_sentiment(alice, mention, "positive")
    assert SentimentCorrection.objects.get().before == mention.sentiment
    assert BrandClassifier.objects.get(brand=brand).corrections == 1
    ingest(None, [post("Trop de poudreuse ce matin, c'est vraiment malade!", 2)])
    enrichment.enrich_pending()
    again = Mention.objects.get(brand=brand, item__url="https://b.test/2")
    theirs = Mention.objects.get(brand=other, item__url="https://b.test/2")
    shared = nlp.classify_sentiment([again.item.text], ["fr"])[0].label
    assert shared != "positive"  # without the correction the shared heads get it wrong
    assert again.sentiment == "positive"
    assert theirs.sentiment == shared  # the other brand is unaffected
    bucket = QueryBucket.objects.get(query=query)
    assert bucket.negative == 0
