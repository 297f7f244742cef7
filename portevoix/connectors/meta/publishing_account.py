"""What Instagram and Threads share: a 60-day long-lived token refreshed by its own grant, and a
24-hour publishing quota read from a `*_publishing_limit` edge (Meta's content publishing docs).

A connector sets `refresh_grant` and `quota_edge` (and `quota_fields`, in the order its docs
write them) and provides `base` and `api(path)`.
"""

from __future__ import annotations

from typing import ClassVar

from portevoix.connectors.base import Account, Connector, Credentials, Health
from portevoix.connectors.errors import AuthExpired
from portevoix.connectors.meta.graph import credentials_from_token, graph


class MetaPublishingAccount(Connector):
    refresh_grant: ClassVar[str]
    quota_edge: ClassVar[str]
    quota_fields: ClassVar[str] = "config,quota_usage"

    @property
    def base(self) -> str:
        raise NotImplementedError

    def api(self, path: str) -> str:
        raise NotImplementedError

    def refresh_credentials(self, account: Account) -> Credentials:
        answer = graph(
            self.http,
            "GET",
            f"{self.base}/refresh_access_token",
            params={
                "grant_type": self.refresh_grant,
                "access_token": account.credentials.access_token,
            },
        )
        return credentials_from_token(answer, account.credentials)

    def check_health(self, account: Account) -> Health:
        try:
            used, total = self._quota(account)
        except AuthExpired as exc:
            return Health(valid=False, message=exc.message)
        return Health(
            valid=True,
            expires_at=account.credentials.expires_at,
            scopes=account.credentials.scopes,
            quota_left=max(0, total - used),
        )

    def _quota(self, account: Account) -> tuple[int, int]:
        answer = graph(
            self.http,
            "GET",
            self.api(f"{account.external_id}/{self.quota_edge}"),
            params={"fields": self.quota_fields, "access_token": account.credentials.access_token},
        )
        [entry] = answer.get("data") or [{}]
        total = int(
            entry.get("config", {}).get("quota_total") or self.default_limits.daily_quota or 0
        )
        return int(entry.get("quota_usage", 0)), total
