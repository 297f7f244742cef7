"""Facebook Page, through the Graph API Pages endpoints (developers.facebook.com/docs/pages-api).

A person logs in with Facebook; their user token is exchanged for a long-lived one, and
`/me/accounts` gives each Page they manage with its own Page token, which does not expire when
it comes from a long-lived user token. Posts go to `/{page-id}/feed`; photos are first created
unpublished on `/{page-id}/photos` (the platform fetches `url=`, or we upload the bytes) and then
attached with `attached_media`, the documented way to post several photos at once.

The Graph API has no idempotency key: the text sent is checkpointed before the feed call so that
`lookup` can look for it among the Page's latest posts.
"""

from __future__ import annotations

import json

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portevoix.connectors.base import (
    Account,
    Capabilities,
    Connector,
    CountUnit,
    Credentials,
    Draft,
    Health,
    Issue,
    Limits,
    Media,
    MediaLimits,
    OAuthConfig,
    Published,
    PublishState,
)
from portevoix.connectors.errors import AuthExpired, Rejected
from portevoix.connectors.meta.graph import GRAPH_VERSION, graph

IMAGE_TYPES = ("image/jpeg", "image/png", "image/gif", "image/bmp", "image/tiff")


class FacebookPageConnector(Connector):
    kind = "facebook_page"
    label = _("Facebook Page")
    auth = "oauth2"
    capabilities = Capabilities(publish_text=True, images=10, delete=True)
    # Pages API, "Posts": a post's message is at most 63,206 characters; photos up to 10 MB
    # (developers.facebook.com/docs/graph-api/reference/page/photos/).
    default_limits = Limits(
        max_length=63206,
        unit=CountUnit.CHARACTERS,
        media=MediaLimits(max_count=10, max_bytes=10 * 1024 * 1024, types=IMAGE_TYPES),
    )
    SCOPES = ("pages_show_list", "pages_read_engagement", "pages_manage_posts")

    # -- URLs ---------------------------------------------------------------------------------
    @property
    def version(self) -> str:
        return str(self.settings.get("graph_version") or GRAPH_VERSION)

    def api(self, path: str) -> str:
        base = str(self.settings.get("api_base") or "https://graph.facebook.com").rstrip("/")
        return f"{base}/{self.version}/{path.lstrip('/')}"

    def oauth_config(self) -> OAuthConfig:
        return OAuthConfig(
            authorize_url=self.settings.get("authorize_url")
            or f"https://www.facebook.com/{self.version}/dialog/oauth",
            token_url=self.settings.get("token_url") or self.api("oauth/access_token"),
            scopes=self.SCOPES,
            pkce=False,
            token_endpoint_auth_method="client_secret_post",  # noqa: S106 (a method name)
        )

    # -- connecting ---------------------------------------------------------------------------
    def account_from_token(self, credentials: Credentials) -> Account:
        user_token = self._long_lived_user_token(credentials.access_token)
        answer = graph(
            self.http,
            "GET",
            self.api("me/accounts"),
            params={"fields": "id,name,access_token,tasks", "access_token": user_token},
        )
        pages = [page for page in answer.get("data", []) if page.get("access_token")]
        if not pages:
            raise Rejected(gettext("This Facebook account manages no Page."))
        wanted = str(credentials.extra.get("page_id") or self.settings.get("page_id") or "")
        page = next((p for p in pages if str(p["id"]) == wanted), pages[0])
        return Account(
            kind=self.kind,
            handle=str(page.get("name", page["id"])),
            external_id=str(page["id"]),
            config={"pages": [{"id": str(p["id"]), "name": p.get("name", "")} for p in pages]},
            # A Page token obtained from a long-lived user token has no expiry date
            # (Facebook Login, "Long-Lived Access Tokens").
            credentials=Credentials(
                access_token=str(page["access_token"]), scopes=credentials.scopes
            ),
        )

    def _long_lived_user_token(self, token: str) -> str:
        client_id = self.settings.get("client_id")
        client_secret = self.settings.get("client_secret")
        if not (client_id and client_secret):
            return token
        answer = graph(
            self.http,
            "GET",
            self.api("oauth/access_token"),
            params={
                "grant_type": "fb_exchange_token",
                "client_id": client_id,
                "client_secret": client_secret,
                "fb_exchange_token": token,
            },
        )
        return str(answer["access_token"])

    def refresh_credentials(self, account: Account) -> Credentials:
        # Page tokens do not expire; a revoked one shows up as code 190 on the next call.
        return account.credentials

    def check_health(self, account: Account) -> Health:
        try:
            graph(
                self.http,
                "GET",
                self.api(account.external_id),
                params={"fields": "id,name", "access_token": account.credentials.access_token},
            )
        except AuthExpired as exc:
            return Health(valid=False, message=exc.message)
        return Health(valid=True, expires_at=account.credentials.expires_at)

    # -- publishing ---------------------------------------------------------------------------
    def validate(self, draft: Draft, limits: Limits) -> list[Issue]:
        issues = []
        for media in draft.media:
            if not media.content_type.startswith("image/"):
                issues.append(
                    Issue(
                        "facebook_media_type",
                        gettext("Only photos can be posted to a Facebook Page here (%(name)s).")
                        % {"name": media.filename},
                    )
                )
            elif not media.public_url and media.data is None:
                issues.append(
                    Issue("facebook_media_missing", gettext("The photo has no content to send."))
                )
        return issues

    def publish(
        self, account: Account, draft: Draft, idempotency_key: str, state: PublishState
    ) -> Published:
        if state.get("platform_id"):
            return self._published(str(state["platform_id"]))
        photo_ids = state.each_once(
            "photo_ids", draft.media, lambda media: self._upload_photo(account, media)
        )
        form: dict[str, str] = {"access_token": account.credentials.access_token}
        if draft.text:
            form["message"] = draft.text
        if draft.link:
            form["link"] = draft.link
        for index, photo_id in enumerate(photo_ids):
            form[f"attached_media[{index}]"] = json.dumps({"media_fbid": photo_id})
        state.checkpoint(sent_text=draft.text)
        answer = graph(self.http, "POST", self.api(f"{account.external_id}/feed"), data=form)
        post_id = str(answer["id"])
        state.checkpoint(platform_id=post_id)
        return self._published(post_id)

    def _upload_photo(self, account: Account, media: Media) -> str:
        form = {"published": "false", "access_token": account.credentials.access_token}
        if media.alt_text:
            form["alt_text_custom"] = media.alt_text
        url = self.api(f"{account.external_id}/photos")
        if media.public_url:
            answer = graph(self.http, "POST", url, data={**form, "url": media.public_url})
        else:
            if media.data is None:  # validate() refuses a photo without content
                raise Rejected(gettext("The photo has no content to send."))
            files = {"source": (media.filename, media.data(), media.content_type)}
            answer = graph(self.http, "POST", url, data=form, files=files)
        return str(answer["id"])

    def lookup(
        self, account: Account, idempotency_key: str, state: PublishState
    ) -> Published | None:
        if state.get("platform_id"):
            return self._published(str(state["platform_id"]))
        if "sent_text" not in state:
            return None  # the feed call was never made
        answer = graph(
            self.http,
            "GET",
            self.api(f"{account.external_id}/published_posts"),
            params={
                "fields": "id,message,created_time",
                "limit": "25",
                "access_token": account.credentials.access_token,
            },
        )
        for post in answer.get("data", []):
            if post.get("message", "") == state["sent_text"]:
                state.checkpoint(platform_id=str(post["id"]))
                return self._published(str(post["id"]))
        return None

    def delete(self, account: Account, platform_id: str) -> None:
        graph(
            self.http,
            "DELETE",
            self.api(platform_id),
            params={"access_token": account.credentials.access_token},
        )

    @staticmethod
    def _published(post_id: str) -> Published:
        # A Page post id is "{page-id}_{post-id}"; facebook.com resolves it as a path.
        page_id, _sep, story = post_id.partition("_")
        url = f"https://www.facebook.com/{page_id}/posts/{story}" if story else ""
        return Published(platform_id=post_id, url=url)
