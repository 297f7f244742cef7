"""The demo brand on a local Bluesky network (`atproto-local.sh start-full` of
../shared/tools/local-servers/): an account of the brand connected through the Bluesky connector,
a platform-search source per standing query, and fans who post about the brand
(`portevoix demo-bluesky --post N`), so that their posts come in as live mentions.

Local only, by construction: the address must be a loopback one (the demo never reaches the
internet), and when nothing answers there the demo goes on with its feed alone. The PDS of a
local network is a real one: accounts are made with its XRPC API (`createAccount`,
`createAppPassword`) as a person would make them, and the brand's account is connected with an
app password through `BlueskyConnector.connect` and `connectors.actions`, like the connect page.
"""

from __future__ import annotations

import contextlib
import time
import uuid
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlsplit

import httpx
from django.conf import settings

from portevoix.accounts.models import Brand
from portevoix.connectors import actions as connector_actions
from portevoix.connectors.base import Account, Draft, PublishState
from portevoix.connectors.errors import AuthExpired, ConnectorError
from portevoix.connectors.models import AccountStatus, ConnectedAccount
from portevoix.demo.posts import BRAND_NAME, COMPETITOR_NAME, PostWriter
from portevoix.lib.http import make_client
from portevoix.listening import actions as listening_actions
from portevoix.listening.models import Source, SourceKind

# atproto-local.sh's PDS and AppView (the AppView also serves as the base of the posts' links).
DEFAULT_PDS_URL = "http://localhost:2583"
DEFAULT_APP_URL = "http://localhost:2584"
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
# Handles on a local network end in ".test". One password for every demo person: the network
# lives on this machine only, and the demo's own logins are published too.
PASSWORD = "porte-voix"  # noqa: S105
DEMO_HANDLE = "cafe-lumiere.test"
APP_PASSWORD_NAME = "Porte-voix (démo)"  # noqa: S105 (its name, not a password)
FANS = (
    ("camille-b.test", "Camille B."),
    ("julien-t.test", "Julien T."),
    ("priya-s.test", "Priya S."),
    ("noah-l.test", "Noah L."),
)
# What each standing query looks for on Bluesky. The local AppView's searchPosts is a
# case-sensitive substring match (`text LIKE '%q%'`), bsky.social's a full-text one: the
# distinctive word of each name, accents kept, finds the posts on both.
SEARCHES = ((BRAND_NAME, "Lumière"), (COMPETITOR_NAME, "Boréale"))
# The demo's fans write the brand's hashtag with its accents, so the search above finds it.
HASHTAGS = {"fr": "#CaféLumière", "en": "#CaféLumière"}
INDEX_WAIT = 20.0  # seconds; the AppView indexes the PDS's firehose in well under one


class NotAvailable(Exception):
    """The local network cannot be used; the message says why, in one line."""


class NetworkRefused(Exception):
    """The PDS answered an XRPC call with an error (its name and message)."""

    def __init__(self, status: int, name: str, message: str) -> None:
        super().__init__(f"{name or status}: {message}")
        self.status = status
        self.name = name


def configured_url() -> str:
    """The PDS to use: PORTEVOIX_DEMO_BLUESKY_URL, atproto-local's when "auto", "" when off."""
    value = str(getattr(settings, "PORTEVOIX_DEMO_BLUESKY_URL", "auto") or "").strip()
    if value.lower() in {"", "off", "0", "no", "false"}:
        return ""
    return DEFAULT_PDS_URL if value.lower() == "auto" else value.rstrip("/")


def app_url() -> str:
    return str(getattr(settings, "PORTEVOIX_DEMO_BLUESKY_APP_URL", "") or DEFAULT_APP_URL).rstrip(
        "/"
    )


def source_name(terms: str) -> str:
    return f"Bluesky : {terms} (démo)"


class LocalNetwork:
    """The XRPC calls the demo makes for its people, on a PDS at a loopback address."""

    def __init__(self, url: str, http: httpx.Client | None = None) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or parts.hostname not in LOOPBACK_HOSTS:
            raise NotAvailable(
                f"{url} is not a loopback address: the demo uses a local Bluesky network only"
            )
        if not getattr(settings, "PORTEVOIX_HTTP_ALLOW_LOOPBACK", False):
            raise NotAvailable(
                "loopback addresses are refused here (set PORTEVOIX_DEBUG=1 as make run does, "
                "or PORTEVOIX_HTTP_ALLOW_LOOPBACK=1)"
            )
        self.url = url.rstrip("/")
        self.http = http or make_client(timeout=httpx.Timeout(10.0, connect=2.0))

    def check(self) -> None:
        """A PDS answers at this address; NotAvailable otherwise."""
        try:
            answer = self.http.get(f"{self.url}/xrpc/_health")
            version = answer.json().get("version") if answer.status_code == 200 else None
        except (httpx.HTTPError, ValueError, AttributeError):
            version = None
        if not version:
            raise NotAvailable(f"no local Bluesky network answers at {self.url}")

    def appview_answers(self, url: str) -> bool:
        """Whether an AppView answers at `url`; only a loopback one is asked (True otherwise)."""
        if urlsplit(url).hostname not in LOOPBACK_HOSTS:
            return True
        try:
            return self.http.get(f"{url}/xrpc/_health").status_code == 200
        except httpx.HTTPError:
            return False

    def call(self, nsid: str, body: dict[str, Any], token: str = "") -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        answer = self.http.post(f"{self.url}/xrpc/{nsid}", json=body, headers=headers)
        if answer.status_code >= 400:
            try:
                error = answer.json()
            except ValueError:
                error = {}
            raise NetworkRefused(
                answer.status_code, str(error.get("error", "")), str(error.get("message", ""))
            )
        return answer.json() if answer.content else {}

    def person(self, handle: str, display_name: str = "") -> dict[str, Any]:
        """A session of `handle`: logged in when the account exists, else made (with a profile
        carrying `display_name`). A restarted network has forgotten every account."""
        try:
            return self.call(
                "com.atproto.server.createSession", {"identifier": handle, "password": PASSWORD}
            )
        except NetworkRefused as exc:
            if exc.name != "AuthenticationRequired":
                raise
        session = self.call(
            "com.atproto.server.createAccount",
            {"handle": handle, "email": f"{handle}@porte-voix.example", "password": PASSWORD},
        )
        if display_name:
            self.call(
                "com.atproto.repo.putRecord",
                {
                    "repo": session["did"],
                    "collection": "app.bsky.actor.profile",
                    "rkey": "self",
                    "record": {"$type": "app.bsky.actor.profile", "displayName": display_name},
                },
                token=session["accessJwt"],
            )
        return session

    def app_password(self, session: dict[str, Any], name: str) -> str:
        """A new app password called `name` (one of that name is revoked first: the PDS
        refuses two with one name, and the old one's sessions end with it)."""
        token = str(session["accessJwt"])
        self.call("com.atproto.server.revokeAppPassword", {"name": name}, token=token)
        return str(
            self.call("com.atproto.server.createAppPassword", {"name": name}, token)["password"]
        )


def connect_demo_account(owner: Any, brand: Brand, network: LocalNetwork) -> ConnectedAccount:
    """The brand's account on the local network, connected; reused while its session works."""
    connector = connector_actions.connector_for("bluesky")
    rows = list(
        ConnectedAccount.objects.filter(
            brand=brand, kind="bluesky", handle=DEMO_HANDLE, base_url=network.url
        )
        .exclude(status=AccountStatus.DISCONNECTED)
        .order_by("-pk")
    )
    for row in rows:
        if row.status != AccountStatus.ACTIVE:
            continue
        try:
            if connector.check_health(row.as_account()).valid:
                return row
        except ConnectorError:
            pass  # a restarted network, or an expired session: connect again below
    session = network.person(DEMO_HANDLE, BRAND_NAME)
    account = connector.connect(
        {
            "handle": DEMO_HANDLE,
            "app_password": network.app_password(session, APP_PASSWORD_NAME),
            "pds_url": network.url,
        }
    )
    account = replace(account, config={**account.config, "app_url": app_url()})
    connected = connector_actions.connect_account(
        owner, brand, account, label=f"{BRAND_NAME} (Bluesky démo)", via="seed"
    )
    for stale in rows:
        if stale.pk != connected.pk:  # the same handle on a network that has been restarted
            connector_actions.disconnect_account(owner, stale, via="seed")
    return connected


def ensure_sources(owner: Any, brand: Brand, connected: ConnectedAccount) -> list[Source]:
    """One Bluesky search per standing query of the demo, polled every minute."""
    found: list[Source] = []
    names = set(brand.monitor_queries.values_list("name", flat=True))
    for query_name, terms in SEARCHES:
        if query_name not in names:
            continue
        source = brand.sources.filter(
            kind=SourceKind.PLATFORM_SEARCH, name=source_name(terms)
        ).first()
        if source is None:
            source = listening_actions.save_source(
                owner,
                brand,
                via="seed",
                kind=SourceKind.PLATFORM_SEARCH,
                name=source_name(terms),
                account=connected,
                search_terms=terms,
                poll_interval=listening_actions.MIN_POLL_SECONDS,
            )
        elif source.account_id != connected.pk:
            # A new network: its search cursor (a time on the old one) means nothing there.
            source = listening_actions.save_source(
                owner, brand, source, via="seed", account=connected, cursor=""
            )
        found.append(source)
    return found


def seed_bluesky(owner: Any, brand: Brand, url: str | None = None) -> str:
    """Connect the demo brand to the local network when there is one; one line either way."""
    url = configured_url() if url is None else url
    if not url:
        return "Local Bluesky network: off (PORTEVOIX_DEMO_BLUESKY_URL)."
    try:
        network = LocalNetwork(url)
        network.check()
    except NotAvailable as exc:
        return (
            f"Local Bluesky network not used: {exc}. The demo listens to its feed only "
            "(bash ../shared/tools/local-servers/atproto-local.sh start-full, then seed-demo)."
        )
    try:
        connected = connect_demo_account(owner, brand, network)
        sources = ensure_sources(owner, brand, connected)
    except (ConnectorError, NetworkRefused, httpx.HTTPError) as exc:
        return (
            f"Local Bluesky network at {url} refused the demo account ({exc}); going on without it."
        )
    searches = ", ".join(f"“{s.search_terms}”" for s in sources)
    line = f"Local Bluesky network at {url}: @{connected.handle} connected, searching {searches}"
    if not network.appview_answers(app_url()):
        line += f" (no AppView at {app_url()}: searches fail until atproto-local.sh start-full)"
    return line + "; `portevoix demo-bluesky --post 5` posts as the brand's fans."


@dataclass(frozen=True)
class FanPost:
    uri: str
    handle: str
    text: str


def fan_accounts(network: LocalNetwork) -> list[Account]:
    """The fans, logged in (made on the first run of a network) through the connector."""
    connector = connector_actions.connector_for("bluesky")
    accounts = []
    for handle, name in FANS:
        fields = {"handle": handle, "app_password": PASSWORD, "pds_url": network.url}
        try:
            accounts.append(connector.connect(fields))
        except AuthExpired:  # no such account on this network yet (each login costs ~0.4 s)
            network.person(handle, name)
            accounts.append(connector.connect(fields))
    return accounts


def post_as_fans(network: LocalNetwork, count: int, *, angry: bool = False) -> list[FanPost]:
    """`count` posts about the brand by the fans in turn (a wave of angry ones with `angry`)."""
    connector = connector_actions.connector_for("bluesky")
    fans = fan_accounts(network)
    writer = PostWriter(hashtags=HASHTAGS)
    posted: list[FanPost] = []
    seen: set[str] = set()
    for index in range(count):
        post = writer.angry(BRAND_NAME) if angry else writer.post(BRAND_NAME)
        for _retry in range(20):  # the same words twice would be one item after de-duplication
            if post.text not in seen:
                break
            post = writer.angry(BRAND_NAME) if angry else writer.post(BRAND_NAME)
        seen.add(post.text)
        fan = fans[index % len(fans)]
        published = connector.publish(
            fan,
            Draft(text=post.text, extra={"langs": [post.lang]}),
            uuid.uuid4().hex,
            PublishState(),
        )
        posted.append(FanPost(published.platform_id, fan.handle, post.text))
    return posted


def wait_until_searchable(
    connected: ConnectedAccount, posts: list[FanPost], seconds: float = INDEX_WAIT
) -> bool:
    """True once the AppView's search finds every post (it indexes them asynchronously)."""
    connector = connector_actions.connector_for("bluesky")
    account = connected.as_account()
    wanted = {p.uri for p in posts}
    deadline = time.monotonic() + seconds
    while True:
        found: set[str] = set()
        for _name, terms in SEARCHES:
            with contextlib.suppress(ConnectorError):  # the AppView may not be up yet
                found |= {item.platform_id for item in connector.search(account, terms).items}
        if wanted <= found or time.monotonic() > deadline:
            return wanted <= found
        time.sleep(0.5)
