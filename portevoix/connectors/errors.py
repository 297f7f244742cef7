"""The errors a connector raises; the scheduler acts on these alone (connectors.md, "Errors").

| error            | when                                              | the scheduler                     |
| Unavailable      | 5xx, timeout before sending, connection refused   | retry with backoff                |
| RateLimited      | 429 and platform quota headers                    | retry after the wait              |
| QuotaExceeded    | daily caps, billing                               | reschedule after reset, tell user |
| AuthExpired      | 401 after one refresh, invalid_grant, revoked     | account needs reconnect, no retry |
| Rejected         | 4xx content problem (too long, bad media, policy) | target failed, message shown      |
| OutcomeUnknown   | timeout after the request was sent                | lookup first; never post blindly  |

HTTP answers and transport failures are mapped to them in one place: `connectors.http`.
"""

from __future__ import annotations

import datetime as dt


class ConnectorError(Exception):
    """Base of every error a connector raises. `message` is the platform's own words, if any."""

    def __init__(self, message: str = "", *, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


class Unavailable(ConnectorError):
    """The platform could not be reached or failed (5xx); nothing was done. Retry later."""


class RateLimited(ConnectorError):
    def __init__(
        self, message: str = "", *, retry_after: float | None = None, status: int | None = 429
    ) -> None:
        super().__init__(message, status=status)
        self.retry_after = retry_after


class QuotaExceeded(ConnectorError):
    def __init__(
        self, message: str = "", *, reset_at: dt.datetime | None = None, status: int | None = None
    ) -> None:
        super().__init__(message, status=status)
        self.reset_at = reset_at


class AuthExpired(ConnectorError):
    """The credentials are no longer accepted: a person must reconnect the account."""


class Rejected(ConnectorError):
    """The platform refused this content; retrying the same content cannot succeed."""


class OutcomeUnknown(ConnectorError):
    """The request was sent and no answer came back: the post may exist. Look it up first."""


class Unsupported(Exception):
    """The connector does not do this (its `capabilities` say so): a programming error."""
