"""Link checks: every link in the post answers, and carries the brand's UTM tags if it must.

Links are found as X finds them (`connectors.counting.extract_urls`: with or without
`https://`, bare domains on real TLDs), so the check and the length agree on what a link is,
plus any other `http(s)://` link (`find_links`).
The HTTP client is injected; outside tests it comes from `portevoix.lib.http.make_client()`,
whose guard refuses private and reserved addresses (a user typed these URLs).
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx
import regex
from django.utils.translation import gettext as _

from portevoix.connectors.counting import UrlEntity, extract_urls
from portevoix.lib.http import BlockedAddress
from portevoix.quality.findings import Finding, Severity

UTM_PARAMETERS = ("utm_source", "utm_medium", "utm_campaign")
# Servers that refuse HEAD (or forbid robots on it) often answer GET: try GET before blaming
# the link.
RETRY_WITH_GET = frozenset({403, 404, 405, 501})
LINK_TIMEOUT = 5.0  # seconds per request: a post is checked while someone waits


# A link typed with its scheme is a link everywhere (Mastodon, LinkedIn and Telegram make it
# clickable) even when X's rules skip it: an IP address, "localhost", a TLD that X does not
# know. Closing punctuation is the sentence's, not the link's.
SCHEME_URL = regex.compile(r"https?://[^\s<>\"«»]+", regex.IGNORECASE)
TRAILING = ".,;:!?)]}'’"


def find_links(text: str) -> list[UrlEntity]:
    """The links of `text`: X's (with or without a scheme), then any other `http(s)://`."""
    links = extract_urls(text)
    for match in SCHEME_URL.finditer(text):
        url = match.group(0).rstrip(TRAILING)
        start, end = match.start(), match.start() + len(url)
        if not any(link.start < end and start < link.end for link in links):
            links.append(UrlEntity(url, start, end))
    return sorted(links, key=lambda link: link.start)


def absolute(url: str) -> str:
    return url if "://" in url[:10] else f"https://{url}"


def missing_utm(url: str) -> list[str]:
    query = parse_qs(urlsplit(absolute(url)).query, keep_blank_values=False)
    return [name for name in UTM_PARAMETERS if not query.get(name)]


def _status(client: httpx.Client, url: str, timeout: float) -> int:
    """The final status of `url` (redirects followed): HEAD first, then GET if HEAD fails."""
    response = client.head(url, follow_redirects=True, timeout=timeout)
    if response.status_code not in RETRY_WITH_GET and response.status_code < 500:
        return response.status_code
    with client.stream("GET", url, follow_redirects=True, timeout=timeout) as streamed:
        return streamed.status_code  # the body is never read


def check_reachable(
    entity: UrlEntity, client: httpx.Client, timeout: float = LINK_TIMEOUT
) -> Finding | None:
    url = absolute(entity.url)
    values = {"url": entity.url}
    try:
        status = _status(client, url, timeout)
    except httpx.TimeoutException:
        message = _("%(url)s did not answer in time; check it before publishing.") % values
        return Finding("link.timeout", Severity.WARNING, message, entity.start, entity.end)
    except BlockedAddress:
        message = _("%(url)s points to a private address that nobody else can open.") % values
        return Finding("link.private", Severity.ERROR, message, entity.start, entity.end)
    except httpx.TooManyRedirects:
        message = _("%(url)s redirects too many times.") % values
        return Finding("link.redirect_loop", Severity.ERROR, message, entity.start, entity.end)
    except httpx.HTTPError:
        message = _("%(url)s could not be reached (no such site, or it is down).") % values
        return Finding("link.unreachable", Severity.WARNING, message, entity.start, entity.end)
    if status >= 400:
        message = _("%(url)s is broken: the site answers %(status)s.") % {
            **values,
            "status": status,
        }
        return Finding("link.broken", Severity.ERROR, message, entity.start, entity.end)
    return None


def check_links(
    text: str,
    client: httpx.Client | None,
    *,
    require_utm: bool = False,
    check_reachability: bool = True,
    timeout: float = LINK_TIMEOUT,
) -> list[Finding]:
    findings: list[Finding] = []
    seen: dict[str, Finding | None] = {}
    for entity in find_links(text):
        if require_utm and (missing := missing_utm(entity.url)):
            message = _("%(url)s lacks the brand's tracking tags: %(missing)s") % {
                "url": entity.url,
                "missing": ", ".join(missing),
            }
            findings.append(
                Finding("link.utm_missing", Severity.ERROR, message, entity.start, entity.end)
            )
        if not check_reachability or client is None:
            continue
        key = absolute(entity.url)
        if key not in seen:
            seen[key] = check_reachable(entity, client, timeout)
        found = seen[key]
        if found is not None:
            findings.append(
                Finding(found.code, found.severity, found.message, entity.start, entity.end)
            )
    return findings
