"""Classify matched mentions in batches, in the worker, never on the matching path.

Sentiment (with the brand's corrections on top of the shared heads), reach and keyphrases. A
negative mention is added to its queries' minute buckets here, which is what the negative-share
spike detector reads.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from portevoix.listening import nlp
from portevoix.listening.models import BrandClassifier, Mention, Sentiment
from portevoix.listening.pipeline import bump_bucket, minute

# ≈ 20 ms a post on one core (bench/classify.py): a batch is 1–2 s of work, and 64 posts sort
# into full forward passes of the embedder.
BATCH = 64


def brand_model(brand_id: int) -> nlp.BrandSentimentModel | None:
    row = BrandClassifier.objects.filter(brand_id=brand_id).first()
    if row is None or not row.model:
        return None
    return nlp.BrandSentimentModel.from_json(row.model)


def enrich_pending(limit: int = BATCH) -> int:
    """Enrich up to `limit` mentions not yet enriched; returns how many were done."""
    pending = list(
        Mention.objects.filter(enriched_at__isnull=True)
        .select_related("item")
        .order_by("pk")[:limit]
    )
    if not pending:
        return 0
    # One embedding pass for the whole batch, whatever the brands; each mention is then read
    # with its own brand's corrections (loaded once per brand and batch).
    models = {brand_id: brand_model(brand_id) for brand_id in {m.brand_id for m in pending}}
    texts = [f"{m.item.title}\n{m.item.text}".strip() for m in pending]
    langs = [m.lang or "fr" for m in pending]
    sentiments = nlp.classify_mentions(texts, langs, [models[m.brand_id] for m in pending])
    now = timezone.now()
    with transaction.atomic():
        for mention, text, lang, sentiment in zip(pending, texts, langs, sentiments, strict=True):
            # Another worker may have taken it meanwhile: only the first one counts it.
            done = Mention.objects.filter(pk=mention.pk, enriched_at__isnull=True).update(
                sentiment=sentiment.label,
                sentiment_score=sentiment.score,
                reach=round(
                    nlp.reach_score(
                        followers=mention.item.author_followers, source=mention.source_kind
                    )
                ),
                keyphrases=nlp.keyphrases(text, lang, n=5),
                enriched_at=now,
            )
            if done and sentiment.label == Sentiment.NEGATIVE:
                for query_id in mention.queries.values_list("pk", flat=True):
                    bump_bucket(query_id, minute(mention.published_at), count=0, negative=1)
    return len(pending)
