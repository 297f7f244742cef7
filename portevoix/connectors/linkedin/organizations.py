"""The LinkedIn Pages a member may post for (Community Management API, learn.microsoft.com/
linkedin/marketing/community-management/organizations/organization-access-control-by-role and
…/organizations/organization-lookup-api).

`GET /rest/organizationAcls?q=roleAssignee` lists the member's roles on organisations (it needs
`rw_organization_admin` or `r_organization_admin`); a batch lookup of `/rest/organizations`
gives their names. Posting as a Page needs `w_organization_social`, which LinkedIn restricts
to "ADMINISTRATOR, DIRECT_SPONSORED_CONTENT_POSTER, CONTENT_ADMIN" roles; a sponsored content
poster makes ads, not Page posts, so the Pages offered are those the member administers or
whose content they administer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from portevoix.connectors import http as connector_http
from portevoix.connectors.errors import Rejected

POSTING_ROLES = frozenset({"ADMINISTRATOR", "CONTENT_ADMINISTRATOR"})
PAGE_SIZE = 100
MAX_PAGES = 10  # a thousand Pages: more than any agency member administers
ORGANIZATION = "urn:li:organization:"


@dataclass(frozen=True)
class Administered:
    id: str  # the numeric id: urn:li:organization:<id>
    role: str
    member: str  # the roleAssignee, urn:li:person:…

    @property
    def urn(self) -> str:
        return f"{ORGANIZATION}{self.id}"


def administered(
    client: httpx.Client, api: Callable[[str], str], headers: dict[str, str]
) -> list[Administered]:
    """The Pages the token's member may post for, in LinkedIn's order, each once."""
    found: dict[str, Administered] = {}
    for page in range(MAX_PAGES):
        answer: dict[str, Any] = connector_http.request(
            client,
            "GET",
            api("rest/organizationAcls"),
            headers=headers,
            params={
                "q": "roleAssignee",
                "state": "APPROVED",
                "start": str(page * PAGE_SIZE),
                "count": str(PAGE_SIZE),
            },
        ).json()
        elements = answer.get("elements", [])
        for element in elements:
            # Versions name the field `organization`; older answers `organizationTarget`.
            urn = str(element.get("organization") or element.get("organizationTarget") or "")
            role = str(element.get("role", ""))
            if urn.startswith(ORGANIZATION) and role in POSTING_ROLES:
                key = urn.removeprefix(ORGANIZATION)
                found.setdefault(key, Administered(key, role, str(element.get("roleAssignee"))))
        if len(elements) < PAGE_SIZE:
            break
    return list(found.values())


def organization_names(
    client: httpx.Client, api: Callable[[str], str], headers: dict[str, str], ids: list[str]
) -> dict[str, str]:
    """Localised names by id, from one batch lookup. A lookup LinkedIn refuses leaves the
    names out (the Page is still offered, by its id): the roles already said it may post."""
    if not ids:
        return {}
    # Rest.li 2.0 wants the List(…) syntax as is, not form-encoded.
    url = api(f"rest/organizations?ids=List({','.join(ids)})")
    try:
        answer: dict[str, Any] = connector_http.request(client, "GET", url, headers=headers).json()
    except Rejected:
        return {}
    results = answer.get("results", {})
    return {
        str(key): str(value.get("localizedName") or "")
        for key, value in results.items()
        if isinstance(value, dict) and value.get("localizedName")
    }
