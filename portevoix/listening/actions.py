"""Every write on listening: standing queries, sources, sentiment corrections."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portevoix.accounts.audit import model_changes, record, snapshot
from portevoix.accounts.models import Brand
from portevoix.listening import nlp
from portevoix.listening.models import (
    BrandClassifier,
    Mention,
    MonitorQuery,
    Sentiment,
    SentimentCorrection,
    Source,
    SourceKind,
    SourceStatus,
)
from portevoix.listening.pipeline import bump_bucket, minute
from portevoix.listening.query import QueryError, parse

MIN_POLL_SECONDS = 60


def check_query(text: str) -> None:
    """Refuse a query the language does not accept, with the column, in the user's language."""
    try:
        parse(text)
    except QueryError as exc:
        raise ValidationError({"query": [str(exc)]}) from exc


@transaction.atomic
def save_query(
    actor: Any,
    brand: Brand,
    instance: MonitorQuery | None = None,
    *,
    via: str = "web",
    **fields: Any,
) -> MonitorQuery:
    if "query" in fields:
        fields["query"] = fields["query"].strip()
        check_query(fields["query"])
    before = snapshot(instance) if instance is not None else {}
    saved = instance or MonitorQuery(brand=brand)
    for key, value in fields.items():
        setattr(saved, key, value)
    saved.full_clean()
    saved.save()
    record(
        actor,
        "listening.query.update" if before else "listening.query.create",
        saved,
        brand=brand,
        via=via,
        changes=model_changes(before, snapshot(saved)),
    )
    return saved


@transaction.atomic
def delete_query(actor: Any, query: MonitorQuery, *, via: str = "web") -> None:
    """The query goes; its mentions stay (they may match other queries, and they are history)."""
    record(actor, "listening.query.delete", query, brand=query.brand, via=via)
    query.delete()


def _check_source(kind: str, fields: dict[str, Any], brand: Brand) -> None:
    errors: dict[str, list[str]] = {}
    if kind == SourceKind.FEED:
        url = (fields.get("url") or "").strip()
        if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
            errors["url"] = [_("Enter the feed's web address (http:// or https://).")]
    else:
        account = fields.get("account")
        if account is None or account.brand_id != brand.pk:
            errors["account"] = [_("Choose one of this brand's connected accounts.")]
        if kind == SourceKind.PLATFORM_SEARCH and not (fields.get("search_terms") or "").strip():
            errors["search_terms"] = [_("Say what to search for on the platform.")]
    interval = fields.get("poll_interval")
    if interval is not None and interval < MIN_POLL_SECONDS:
        errors["poll_interval"] = [
            _("Poll at most once a minute (%(n)s seconds or more).") % {"n": MIN_POLL_SECONDS}
        ]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_source(
    actor: Any, brand: Brand, source: Source | None = None, *, via: str = "web", **fields: Any
) -> Source:
    kind = fields.get("kind") or (source.kind if source else SourceKind.FEED)
    merged = {**(snapshot(source) if source else {}), **fields}
    if source is not None:
        merged.setdefault("account", source.account)
    _check_source(kind, merged, brand)
    before = snapshot(source) if source is not None else {}
    source = source or Source(brand=brand)
    for key, value in fields.items():
        setattr(source, key, value.strip() if isinstance(value, str) else value)
    # A new or changed source is polled at once, and its old failures are forgotten.
    source.next_poll_at = timezone.now()
    if source.status == SourceStatus.ERROR:
        source.consecutive_failures = 0
    source.full_clean()
    source.save()
    record(
        actor,
        "listening.source.update" if before else "listening.source.create",
        source,
        brand=brand,
        via=via,
        changes=model_changes(before, snapshot(source)),
    )
    return source


@transaction.atomic
def delete_source(actor: Any, source: Source, *, via: str = "web") -> None:
    """The source goes; what it brought in stays."""
    record(actor, "listening.source.delete", source, brand=source.brand, via=via)
    source.delete()


def correct_sentiment(actor: Any, mention: Mention, label: str, *, via: str = "web") -> Mention:
    """One click: the mention takes `label`, the correction is kept, and the brand's classifier
    learns it (texts that say nearly the same thing are classified alike from now on)."""
    if label not in Sentiment.values:
        raise ValidationError({"sentiment": [_("Unknown sentiment.")]})
    text = f"{mention.item.title}\n{mention.item.text}".strip()
    # The embedding is computed before the transaction: it is the slow part (tens of ms).
    learned = nlp.BrandSentimentModel()
    learned.add_correction(text, label)
    with transaction.atomic():
        locked = Mention.objects.select_for_update().get(pk=mention.pk)
        before = locked.sentiment
        SentimentCorrection.objects.create(mention=locked, user=actor, before=before, after=label)
        locked.sentiment = label
        locked.sentiment_corrected_by = actor
        locked.save(update_fields=["sentiment", "sentiment_corrected_by"])
        if before != label and Sentiment.NEGATIVE in (before, label) and locked.enriched_at:
            delta = 1 if label == Sentiment.NEGATIVE else -1
            for query_id in locked.queries.values_list("pk", flat=True):
                bump_bucket(query_id, minute(locked.published_at), count=0, negative=delta)
        classifier, _created = BrandClassifier.objects.select_for_update().get_or_create(
            brand_id=locked.brand_id
        )
        model = nlp.BrandSentimentModel.from_json(classifier.model)
        model.add_correction(learned.vectors[0], label)
        classifier.model = model.to_json()
        classifier.corrections += 1
        classifier.save()
        record(
            actor,
            "listening.mention.correct_sentiment",
            locked,
            brand=locked.brand,
            via=via,
            changes={"sentiment": [before, label]},
        )
    return locked


def poll_soon(actor: Any, source: Source) -> None:
    """Ask for a poll now (the next sweep, within seconds), whatever its back-off said."""
    Source.objects.filter(pk=source.pk).update(next_poll_at=timezone.now())
    record(actor, "listening.source.poll", source, brand=source.brand)
