"""LinkedIn Pages: with the Community Management scopes, connecting reads the member
(`GET /v2/me`) and the Pages they may post for (`organizationAcls?q=roleAssignee`, then their
names); each Page the person chooses is its own account, posting as urn:li:organization:…"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx

from portevoix.connectors import oauth
from portevoix.connectors.base import Account, Credentials, Identity
from portevoix.connectors.linkedin.connector import MEMBER_SCOPES, LinkedInConnector
from portevoix.connectors.linkedin.tests.factories import (
    MEMBER,
    ORG_SETTINGS,
    FakeLinkedIn,
    page_account,
)


def connect(linkedin: FakeLinkedIn) -> tuple[LinkedInConnector, Account]:
    connector = linkedin.connector(**ORG_SETTINGS)
    return connector, connector.account_from_token(Credentials(access_token="TOKEN"))


def test_it_asks_for_the_organisation_scopes_when_pages_are_on() -> None:
    pages = FakeLinkedIn().connector(**ORG_SETTINGS).oauth_config().scopes
    assert {"w_organization_social", "rw_organization_admin", "w_member_social"} <= set(pages)
    assert "openid" not in pages  # the member comes from the Profile API (r_basicprofile)
    assert FakeLinkedIn().connector().oauth_config().scopes == MEMBER_SCOPES


def test_it_offers_the_member_and_the_pages_they_administer() -> None:
    linkedin = FakeLinkedIn()
    connector, account = connect(linkedin)
    acl = next(r for r in linkedin.requests if r.url.path == "/rest/organizationAcls")
    assert acl.headers["x-restli-protocol-version"] == "2.0.0"
    assert dict(acl.url.params) == {
        "q": "roleAssignee",
        "state": "APPROVED",
        "start": "0",
        "count": "100",
    }
    lookup = next(r for r in linkedin.requests if r.url.path == "/rest/organizations")
    assert urlsplit(str(lookup.url)).query == "ids=List(2414183,5515715)"
    assert account.external_id == MEMBER
    assert account.handle == "Marie Tremblay"
    # The analyst role of 5583111 cannot post for the Page: it is not offered.
    assert connector.identities(account) == [
        Identity(MEMBER, "Marie Tremblay", "person"),
        Identity("urn:li:organization:2414183", "Devtestco", "organization"),
        Identity("urn:li:organization:5515715", "Café Lumière", "organization"),
    ]


def test_it_makes_the_chosen_page_its_own_account() -> None:
    connector, account = connect(FakeLinkedIn())
    page = connector.as_identity(account, "urn:li:organization:5515715")
    assert (page.handle, page.external_id) == ("Café Lumière", "urn:li:organization:5515715")
    assert page.config["organization_id"] == "5515715"
    assert page.credentials.access_token == "TOKEN"
    assert connector.author(page) == "urn:li:organization:5515715"
    member = connector.as_identity(account, MEMBER)
    assert "organization_id" not in member.config
    assert connector.author(member) == MEMBER


def test_it_offers_no_choice_to_a_member_app() -> None:
    linkedin = FakeLinkedIn()
    connector = linkedin.connector()
    account = connector.account_from_token(Credentials(access_token="TOKEN"))
    assert connector.identities(account) == []
    assert [r.url.path for r in linkedin.requests] == ["/v2/userinfo"]


def test_it_names_a_page_linkedin_would_not_describe_by_its_id() -> None:
    class NoNames(FakeLinkedIn):
        def __call__(self, request: httpx.Request) -> httpx.Response:
            if request.url.path == "/rest/organizations":
                denied = {"status": 403, "code": "ACCESS_DENIED", "message": "Not enough perms"}
                return httpx.Response(403, json=denied)
            return super().__call__(request)

    connector, account = connect(NoNames())
    names = [i.name for i in connector.identities(account)]
    assert names[1:] == ["Page 2414183", "Page 5515715"]


def test_it_says_when_the_member_no_longer_administers_the_page() -> None:
    connector = FakeLinkedIn(acls="organization_acls.json").connector(**ORG_SETTINGS)
    assert connector.check_health(page_account()).valid
    gone = page_account()
    gone.config["organization_id"] = "5583111"  # an analyst cannot post
    health = connector.check_health(gone)
    assert not health.valid
    assert "Devtestco" in health.message


def test_the_authorize_url_carries_the_scopes() -> None:
    session: dict[str, object] = {}
    connector = FakeLinkedIn().connector(**ORG_SETTINGS)
    url = oauth.start(session, connector, brand_id=1, user_id=1, redirect_uri="http://x/cb")
    scope = parse_qs(urlsplit(url).query)["scope"][0].split()
    assert "w_organization_social" in scope
