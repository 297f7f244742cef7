"""Telling people about an alert: in the app and by e-mail (each in their own language), and to
the brand's chat by webhook (Slack, Discord and Teams payloads, or plain JSON)."""

from __future__ import annotations

import json
import logging
from typing import Any

import httpx
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, override
from django.utils.translation import gettext_lazy as _

from portevoix.accounts import actions as accounts_actions
from portevoix.accounts.models import Role
from portevoix.alerts.models import Alert, AlertKind, WebhookFormat
from portevoix.lib.http import make_client

log = logging.getLogger(__name__)
RECIPIENT_ROLES = (Role.OWNER, Role.STRATEGIST, Role.COMMUNITY_MANAGER)
SAMPLE = 3  # mentions quoted in the message


def summary(alert: Alert) -> str:
    """One sentence in the active language."""
    name = alert.query.name if alert.query else "—"
    if alert.kind == AlertKind.VOLUME:
        return gettext(
            "Spike on “%(query)s”: %(observed)d mentions in one minute, %(expected).1f expected."
        ) % {"query": name, "observed": alert.observed, "expected": alert.expected}
    return gettext(
        "Negative spike on “%(query)s”: %(observed)d %% negative in one minute, %(expected)d %% usual."
    ) % {"query": name, "observed": 100 * alert.observed, "expected": 100 * alert.expected}


def quoted(alert: Alert) -> list[dict[str, str]]:
    return [
        {
            "author": m.author or m.source_kind,
            "text": (m.item.title or m.item.text)[:280],
            "url": m.item.url,
            "sentiment": m.sentiment,
        }
        for m in alert.mentions.select_related("item")[:SAMPLE]
    ]


def alert_url(alert: Alert) -> str:
    return reverse("alerts:detail", kwargs={"brand_id": alert.brand_id, "alert_id": alert.pk})


def webhook_payload(alert: Alert, fmt: str, base_url: str) -> dict[str, Any]:
    """The body each chat expects from an incoming webhook."""
    text = summary(alert)
    link = f"{base_url}{alert_url(alert)}"
    lines = [f"• {q['author']}: {q['text']}" for q in quoted(alert)]
    brand = alert.brand.name
    if fmt == WebhookFormat.SLACK:
        return {
            "text": f"{brand} — {text}",
            "blocks": [
                {"type": "section", "text": {"type": "mrkdwn", "text": f"*{brand}* — {text}"}},
                *(
                    [{"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(lines)}}]
                    if lines
                    else []
                ),
                {
                    "type": "context",
                    "elements": [{"type": "mrkdwn", "text": f"<{link}|Porte-voix>"}],
                },
            ],
        }
    if fmt == WebhookFormat.DISCORD:
        return {
            "content": f"**{brand}** — {text}"[:2000],
            "embeds": [
                {"title": "Porte-voix", "url": link, "description": "\n".join(lines)[:4000]}
            ],
            "allowed_mentions": {"parse": []},  # a quoted "@everyone" must not ping anyone
        }
    if fmt == WebhookFormat.TEAMS:
        return {
            "type": "message",
            "attachments": [
                {
                    "contentType": "application/vnd.microsoft.card.adaptive",
                    "content": {
                        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                        "type": "AdaptiveCard",
                        "version": "1.4",
                        "body": [
                            {
                                "type": "TextBlock",
                                "text": f"{brand} — {text}",
                                "wrap": True,
                                "weight": "Bolder",
                            },
                            *({"type": "TextBlock", "text": line, "wrap": True} for line in lines),
                        ],
                        "actions": [{"type": "Action.OpenUrl", "title": "Porte-voix", "url": link}],
                    },
                }
            ],
        }
    return {
        "type": "alert." + alert.kind,
        "brand": brand,
        "query": alert.query.name if alert.query else None,
        "minute": alert.bucket_start.isoformat(),
        "observed": alert.observed,
        "expected": alert.expected,
        "zscore": alert.zscore,
        "summary": text,
        "url": link,
        "mentions": quoted(alert),
    }


def deliver(alert_id: int, *, http: httpx.Client | None = None) -> None:
    from django.conf import settings

    from portevoix.alerts.actions import settings_for

    alert = Alert.objects.select_related("brand", "query").get(pk=alert_id)
    if alert.delivered_at is not None:
        return
    conf = settings_for(alert.brand)
    url = alert_url(alert)
    for person in accounts_actions.people_to_tell(alert.brand, *RECIPIENT_ROLES):
        accounts_actions.notify(
            person,
            kind="alerts." + alert.kind,
            brand=alert.brand,
            url=url,
            email=conf.email,
            subject=lambda: _("Bad buzz alert for %(brand)s") % {"brand": alert.brand.name},
            body=lambda: (
                summary(alert)
                + "\n\n"
                + "\n".join(f"• {q['author']} : {q['text']}" for q in quoted(alert))
            ),
        )
    errors = ""
    if conf.webhook_url:
        with override((alert.brand.languages or [settings.LANGUAGE_CODE])[0]):
            body = webhook_payload(alert, conf.webhook_format, settings.PORTEVOIX_BASE_URL)
        client = http or make_client()
        try:
            response = client.post(
                conf.webhook_url,
                content=json.dumps(body),
                headers={"Content-Type": "application/json"},
            )
            if response.status_code >= 400:
                errors = f"webhook: HTTP {response.status_code} {response.text[:200]}"
        except httpx.HTTPError as exc:
            errors = f"webhook: {type(exc).__name__}: {exc}"
        if errors:
            log.warning("alert %s: %s", alert.pk, errors)
    Alert.objects.filter(pk=alert.pk).update(delivered_at=timezone.now(), delivery_errors=errors)
