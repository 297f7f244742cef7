"""Read a whole calendar from a CSV file and check every row before anything is saved.

Columns (French or English headers, any order): date, time/heure, channel/canal (the account's
name or handle), text/texte, campaign/campagne, kind/type. Separator `,` or `;` (Excel in
France writes `;`), UTF-8 with or without a BOM. A time the clocks skip is refused; a time that
happens twice needs its offset (`01:30 -04:00`), as a file cannot be asked which one it means.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from portevoix.accounts.models import Brand
from portevoix.connectors.models import ConnectedAccount
from portevoix.editorial.models import TEXT_LIMIT, ContentKind
from portevoix.editorial.queries import active_accounts
from portevoix.lib.localtime import offset_label, options_for
from portevoix.strategy.models import Campaign

MAX_ROWS = 5000
HEADERS = {
    "date": "date",
    "time": "time",
    "heure": "time",
    "channel": "channel",
    "canal": "channel",
    "réseau": "channel",
    "reseau": "channel",
    "text": "text",
    "texte": "text",
    "campaign": "campaign",
    "campagne": "campaign",
    "kind": "kind",
    "type": "kind",
    "nature": "kind",
}
REQUIRED = ("date", "time", "channel", "text")
KINDS = {
    "promotional": ContentKind.PROMOTIONAL,
    "promotionnel": ContentKind.PROMOTIONAL,
    "promo": ContentKind.PROMOTIONAL,
    "conversational": ContentKind.CONVERSATIONAL,
    "conversationnel": ContentKind.CONVERSATIONAL,
    "informative": ContentKind.INFORMATIVE,
    "informatif": ContentKind.INFORMATIVE,
}
TIME = re.compile(r"^(\d{1,2})[:hH](\d{2})(?:\s*(?:UTC)?\s*([+\-−])(\d{1,2})(?::?(\d{2}))?)?$")


@dataclass(frozen=True)
class RowInput:
    number: int
    account: ConnectedAccount
    scheduled_at: dt.datetime
    text: str
    campaign: Campaign | None
    kind: str


@dataclass(frozen=True)
class RowError:
    number: int  # the line in the file, the header being line 1
    column: str
    message: str


def _decode(content: bytes) -> str:
    return content.decode("utf-8-sig")


def _dialect(text: str) -> str:
    first = text.splitlines()[0] if text else ""
    return ";" if first.count(";") > first.count(",") else ","


def _date(value: str) -> dt.date:
    value = value.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value, fmt).date()  # noqa: DTZ007 -- a date only
        except ValueError:
            continue
    raise ValueError


def _instant(day: dt.date, value: str, tz: str) -> tuple[dt.datetime | None, str]:
    match = TIME.match(value.strip())
    if not match:
        return None, _("“%(value)s” is not a time (write 09:30).") % {"value": value}
    hour, minute, sign, off_h, off_m = match.groups()
    try:
        naive = dt.datetime.combine(day, dt.time(int(hour), int(minute)))
    except ValueError:
        return None, _("“%(value)s” is not a time (write 09:30).") % {"value": value}
    options = options_for(naive, tz)
    if not options:
        return None, _(
            "%(time)s does not exist on %(date)s in %(zone)s: the clocks go forward that night."
        ) % {"time": f"{naive:%H:%M}", "date": day.isoformat(), "zone": tz}
    if sign:
        minutes = int(off_h) * 60 + int(off_m or 0)
        offset = dt.timedelta(minutes=-minutes if sign in "-−" else minutes)
        for option in options:
            if option.local.utcoffset() == offset:
                return option.utc, ""
        return None, _("This offset is not the one of %(zone)s on that day.") % {"zone": tz}
    if len(options) > 1:
        return None, _(
            "%(time)s happens twice on %(date)s in %(zone)s: add the offset you mean, "
            "%(first)s or %(second)s."
        ) % {
            "time": f"{naive:%H:%M}",
            "date": day.isoformat(),
            "zone": tz,
            "first": f"{naive:%H:%M} {offset_label(options[0].local)}",
            "second": f"{naive:%H:%M} {offset_label(options[1].local)}",
        }
    return options[0].utc, ""


def parse_calendar(
    brand: Brand, content: bytes, now: dt.datetime
) -> tuple[list[RowInput], list[RowError]]:
    """Every row checked; rows are only usable when the error list is empty."""
    errors: list[RowError] = []
    try:
        text = _decode(content)
    except UnicodeDecodeError:
        return [], [RowError(0, "", _("The file is not UTF-8 text."))]
    reader = csv.DictReader(io.StringIO(text), delimiter=_dialect(text))
    columns = {name: HEADERS.get((name or "").strip().lower()) for name in reader.fieldnames or []}
    missing = [c for c in REQUIRED if c not in columns.values()]
    if missing:
        return [], [RowError(1, c, _("This column is missing.")) for c in missing]
    accounts: dict[str, ConnectedAccount] = {}
    for account in active_accounts(brand):
        accounts.setdefault(account.label.strip().lower(), account)
        if account.handle:
            accounts.setdefault(account.handle.strip().lower().lstrip("@"), account)
    campaigns = {c.name.strip().lower(): c for c in Campaign.objects.filter(brand=brand)}
    rows: list[RowInput] = []
    for number, raw in enumerate(reader, start=2):
        if number - 1 > MAX_ROWS:
            errors.append(RowError(number, "", _("Too many rows (5,000 at most).")))
            break
        row: dict[str, str] = {}
        for key, value in raw.items():
            column = columns.get(key)
            if column:
                row[column] = value.strip() if isinstance(value, str) else ""
        if not any(row.values()):
            continue  # a blank line at the end of a spreadsheet export
        row_errors: list[RowError] = []

        def bad(
            column: str, message: str, n: int = number, into: list[RowError] = row_errors
        ) -> None:
            into.append(RowError(n, column, message))

        day: dt.date | None = None
        try:
            day = _date(row.get("date", ""))
        except ValueError:
            bad(
                "date",
                _("“%(value)s” is not a date (write 2026-03-31 or 31/03/2026).")
                % {"value": row.get("date", "")},
            )
        when = None
        if day is not None:
            when, message = _instant(day, row.get("time", ""), brand.timezone)
            if message:
                bad("time", message)
            elif when is not None and when <= now:
                bad("time", _("This time has passed."))
        channel = accounts.get(row.get("channel", "").lower().lstrip("@"))
        if channel is None:
            bad(
                "channel",
                _("No connected channel of this brand is called “%(value)s”.")
                % {"value": row.get("channel", "")},
            )
        body = row.get("text", "")
        if not body:
            bad("text", _("The text is empty."))
        elif len(body) > TEXT_LIMIT:
            bad("text", _("The text is too long."))
        campaign = None
        if row.get("campaign"):
            campaign = campaigns.get(row["campaign"].lower())
            if campaign is None:
                bad(
                    "campaign",
                    _("No campaign of this brand is called “%(value)s”.")
                    % {"value": row["campaign"]},
                )
        kind = ContentKind.CONVERSATIONAL
        if row.get("kind"):
            found = KINDS.get(row["kind"].lower())
            if found is None:
                bad(
                    "kind",
                    _("“%(value)s” is not a kind (promotional, conversational, informative).")
                    % {"value": row["kind"]},
                )
            else:
                kind = found
        if row_errors:
            errors.extend(row_errors)
        elif channel is not None and when is not None:
            rows.append(RowInput(number, channel, when, body, campaign, kind))
    if not rows and not errors:
        errors.append(RowError(0, "", _("The file has no rows.")))
    return rows, errors
