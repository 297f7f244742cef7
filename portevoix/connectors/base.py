"""The contract between Porte-voix and a platform (see ../shared/design/connectors.md).

A connector speaks one platform's API. It imports nothing from Django apps and no model: it gets
an `Account` (plain data, secrets decrypted) and an injected `httpx.Client` (tests point it at a
local server or an `httpx.MockTransport`), and it returns plain dataclasses. It raises only the
errors of `connectors.errors`; the scheduler acts on those alone.

To add a platform: copy `connectors/fake/`, implement what its `capabilities` declare, add one
line to `connectors/registry.py`, and make its tests inherit `connectors.tests.contract`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any, ClassVar, TypeVar

import httpx

from portevoix.connectors.errors import Unsupported

T = TypeVar("T")
V = TypeVar("V")


class CountUnit(StrEnum):
    """How a platform counts the length of a text (connectors.md, "Counting text")."""

    X_WEIGHTED = "x_weighted"  # twitter-text v3: CJK and emoji weigh 2, every URL 23
    GRAPHEMES = "graphemes"  # extended grapheme clusters (Bluesky, with a byte cap too)
    MASTODON = "mastodon"  # characters; a URL counts 23; @user@domain counts as @user
    UTF8_BYTES = "utf8_bytes"  # Threads, YouTube
    CHARACTERS = "characters"  # code points (LinkedIn, Instagram, Facebook, Discord)
    UTF16 = "utf16"  # UTF-16 code units (Telegram)
    NONE = "none"  # no limit (a WordPress article, a webhook)


@dataclass(frozen=True)
class MediaLimits:
    max_count: int = 0
    max_bytes: int = 0  # per item; 0: the platform takes none
    types: tuple[str, ...] = ()  # accepted MIME types
    max_video_bytes: int = 0
    needs_public_url: bool = False  # the platform fetches the media itself (Instagram, Threads)


@dataclass(frozen=True)
class Limits:
    max_length: int | None
    unit: CountUnit
    max_bytes: int | None = None  # a second cap in UTF-8 bytes (Bluesky: 3,000)
    caption_max_length: int | None = None  # when media is attached (Telegram: 1,024)
    max_hashtags: int | None = None  # Instagram: 30
    media: MediaLimits = field(default_factory=MediaLimits)
    daily_quota: int | None = None  # posts per 24 h (Instagram: 50 … per account)


@dataclass(frozen=True)
class Capabilities:
    publish_text: bool = True
    images: int = 0  # how many images a post may carry; 0: none
    video: bool = False
    threads: bool = False  # replies / threads of posts
    native_scheduling: bool = False
    edit: bool = False
    delete: bool = False
    read_mentions: bool = False
    read_comments: bool = False
    reply: bool = False
    metrics: bool = False
    search: bool = False  # listening: platform search


@dataclass
class Credentials:
    """Secrets, stored encrypted by the connectors app; never logged."""

    access_token: str = ""
    refresh_token: str = ""
    expires_at: dt.datetime | None = None  # the access token's expiry
    refresh_expires_at: dt.datetime | None = None  # a hard expiry: the owner must log in again
    scopes: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)  # app passwords, webhook secrets, …

    def to_dict(self) -> dict[str, Any]:
        return {
            "access_token": self.access_token,
            "refresh_token": self.refresh_token,
            "expires_at": self.expires_at.isoformat() if self.expires_at else None,
            "refresh_expires_at": (
                self.refresh_expires_at.isoformat() if self.refresh_expires_at else None
            ),
            "scopes": list(self.scopes),
            "extra": self.extra,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Credentials:
        def when(value: str | None) -> dt.datetime | None:
            return dt.datetime.fromisoformat(value) if value else None

        return cls(
            access_token=data.get("access_token", ""),
            refresh_token=data.get("refresh_token", ""),
            expires_at=when(data.get("expires_at")),
            refresh_expires_at=when(data.get("refresh_expires_at")),
            scopes=tuple(data.get("scopes", ())),
            extra=dict(data.get("extra", {})),
        )


@dataclass
class Account:
    """A connected account as a connector sees it."""

    kind: str
    handle: str = ""  # @name, site, channel…
    external_id: str = ""  # the platform's id for the account (DID, user id, page id)
    base_url: str = ""  # instance, PDS or site URL, where the platform has several
    config: dict[str, Any] = field(default_factory=dict)  # non-secret settings (chat id, …)
    credentials: Credentials = field(default_factory=Credentials)


@dataclass(frozen=True)
class Media:
    """One item attached to a post. `data` reads the bytes (uploads); `public_url` is what
    platforms that fetch media themselves are given."""

    filename: str
    content_type: str
    size: int
    alt_text: str = ""
    width: int | None = None
    height: int | None = None
    duration: float | None = None
    public_url: str = ""
    data: Callable[[], bytes] | None = None


@dataclass(frozen=True)
class Draft:
    text: str
    media: tuple[Media, ...] = ()
    title: str = ""  # an article's title (WordPress), a link preview's
    link: str = ""  # a link to attach as a card, where the platform has one
    reply_to: str = ""  # the platform id of the post this one answers
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Published:
    platform_id: str
    url: str = ""
    published_at: dt.datetime | None = None


@dataclass(frozen=True)
class Issue:
    """A problem `validate` finds; positions are offsets in the draft's text, if any."""

    code: str
    message: str
    start: int | None = None
    end: int | None = None
    severity: str = "error"  # "error" blocks publishing, "warning" does not


@dataclass(frozen=True)
class Health:
    valid: bool
    expires_at: dt.datetime | None = None
    scopes: tuple[str, ...] = ()
    quota_left: int | None = None
    message: str = ""


@dataclass(frozen=True)
class RemotePost:
    """A post read from a platform: a mention, a comment, a search hit."""

    platform_id: str
    url: str
    text: str
    author_handle: str
    author_name: str = ""
    author_followers: int | None = None
    created_at: dt.datetime | None = None
    lang: str = ""
    reply_to: str = ""
    metrics: dict[str, int] = field(default_factory=dict)
    raw: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Page:
    items: tuple[RemotePost, ...]
    cursor: str = ""  # opaque; stored per (account, stream); empty: nothing more for now


@dataclass(frozen=True)
class ConnectField:
    """A field of the connect form for platforms without OAuth (app passwords, bot tokens)."""

    name: str
    label: Any  # a lazy translation
    secret: bool = False
    help_text: Any = ""
    placeholder: str = ""
    required: bool = True


@dataclass(frozen=True)
class Identity:
    """Someone an account may publish as, when that is a choice: a LinkedIn member or one of
    the Pages they administer. The person connecting picks one (`Connector.identities`)."""

    id: str
    name: str
    kind: str = ""  # "person", "organization": what the name is, for the page that lists them


@dataclass(frozen=True)
class OAuthConfig:
    """What the generic OAuth 2 flow (Authlib, PKCE where the platform uses it) needs."""

    authorize_url: str
    token_url: str
    scopes: tuple[str, ...]
    pkce: bool = True
    # Platforms that want client_id/secret in the body instead of HTTP basic auth.
    token_endpoint_auth_method: str = "client_secret_basic"  # noqa: S105 (a method name)
    extra_authorize_params: dict[str, str] = field(default_factory=dict)


class PublishState(dict[str, Any]):
    """What a publish has done so far (uploaded media ids, containers, the platform id).

    The connector calls `checkpoint()` the moment it learns an id; the publishing worker saves
    the state then, in its own transaction, so a crash after the platform answered never loses
    the id and the next attempt resumes instead of posting again.
    """

    def __init__(
        self,
        initial: dict[str, Any] | None = None,
        saver: Callable[[dict[str, Any]], None] | None = None,
    ) -> None:
        super().__init__(initial or {})
        self._saver = saver

    def checkpoint(self, **values: Any) -> None:
        self.update(values)
        if self._saver is not None:
            self._saver(dict(self))

    def each_once(self, key: str, items: Sequence[T], make: Callable[[T], V]) -> list[V]:
        """`make(item)` for the items not done yet, in order (uploads, carousel containers):
        the results so far are checkpointed under `key` after each one, so a retry resumes
        after the last known result instead of making an item twice."""
        done: list[V] = list(self.get(key, []))
        for item in items[len(done) :]:
            done.append(make(item))
            self.checkpoint(**{key: list(done)})
        return done


class Connector:
    """Base class. Subclasses set the class attributes and override what they support.

    `http` is the client every call goes through (from `portevoix.lib.http.make_client`, or a
    test's `httpx.MockTransport`); `settings` carries deployment-wide values (OAuth client id and
    secret, API base URLs) so that every base URL is configurable.
    """

    kind: ClassVar[str]
    label: ClassVar[Any]  # a lazy translation
    capabilities: ClassVar[Capabilities] = Capabilities()
    # "oauth2" (connect by redirect), "fields" (connect with a form), or both.
    auth: ClassVar[str] = "fields"
    connect_fields: ClassVar[tuple[ConnectField, ...]] = ()
    default_limits: ClassVar[Limits] = Limits(max_length=None, unit=CountUnit.NONE)

    def __init__(self, http: httpx.Client, settings: dict[str, Any] | None = None) -> None:
        self.http = http
        self.settings = settings or {}

    # -- connecting -----------------------------------------------------------------------
    def oauth_config(self) -> OAuthConfig:
        raise Unsupported(f"{self.kind} has no OAuth flow")

    def account_from_token(self, credentials: Credentials) -> Account:
        """After the OAuth flow: who the token belongs to."""
        raise Unsupported(f"{self.kind} has no OAuth flow")

    def identities(self, account: Account) -> list[Identity]:
        """After the OAuth flow: whom `account` may publish as, when there is a choice (the
        connect page asks; each choice becomes its own connected account). Empty: itself."""
        return []

    def as_identity(self, account: Account, identity_id: str) -> Account:
        """`account` publishing as one of its `identities`."""
        raise Unsupported(f"{self.kind} has one identity per account")

    def connect(self, fields: dict[str, str]) -> Account:
        """Check form fields against the platform (log in) and return the account."""
        raise Unsupported(f"{self.kind} has no connect form")

    def refresh_credentials(self, account: Account) -> Credentials:
        """New credentials (a rotated refresh token included). Raises AuthExpired when the
        platform refuses the refresh token."""
        return account.credentials

    def check_health(self, account: Account) -> Health:
        return Health(valid=True, expires_at=account.credentials.expires_at)

    # -- publishing -----------------------------------------------------------------------
    def limits(self, account: Account) -> Limits:
        return self.default_limits

    def validate(self, draft: Draft, limits: Limits) -> list[Issue]:
        """Pure, no network: every problem at once. The quality app adds spelling and links."""
        return []

    def publish(
        self, account: Account, draft: Draft, idempotency_key: str, state: PublishState
    ) -> Published:
        raise Unsupported(f"{self.kind} does not publish")

    def lookup(
        self, account: Account, idempotency_key: str, state: PublishState
    ) -> Published | None:
        """Find a post whose outcome is unknown. None: it was not published."""
        return None

    def delete(self, account: Account, platform_id: str) -> None:
        raise Unsupported(f"{self.kind} does not delete")

    # -- reading --------------------------------------------------------------------------
    def search(self, account: Account, query: str, cursor: str = "") -> Page:
        raise Unsupported(f"{self.kind} does not search")

    def fetch_mentions(self, account: Account, cursor: str = "") -> Page:
        raise Unsupported(f"{self.kind} does not read mentions")

    def fetch_comments(self, account: Account, platform_id: str, cursor: str = "") -> Page:
        raise Unsupported(f"{self.kind} does not read comments")

    def reply(self, account: Account, platform_id: str, draft: Draft) -> Published:
        raise Unsupported(f"{self.kind} does not reply")

    def fetch_metrics(self, account: Account, platform_ids: list[str]) -> dict[str, dict[str, int]]:
        raise Unsupported(f"{self.kind} has no metrics")


def with_credentials(account: Account, credentials: Credentials) -> Account:
    return replace(account, credentials=credentials)
