"""The media-container flow Instagram and Threads share (Meta's content publishing):

    one container per carousel item → the post's container (the carousel, or the single
    photo, video or text) → wait until it is FINISHED → publish it → the post's id.

Every id is checkpointed in the publish state the moment it is known, so a retry resumes
instead of posting twice. A container is published once at most, and a new one is made only
when the old one can certainly never become a post.

What a container's status means for the scheduler (connectors.md, "Errors"):
- FINISHED: publish it.
- IN_PROGRESS when this attempt's polls are spent: `Unavailable`; the next attempt polls the
  same container again, never a second one. Past `processing_deadline` (counted from the first
  container of the post): `Rejected`, not another blind round. If the publish request had been
  sent, IN_PROGRESS may be the post going out: `OutcomeUnknown`, looked up first.
- ERROR: `Rejected` with Meta's reason (Instagram's `status`, Threads' `error_message`).
- EXPIRED (unpublished for 24 hours): nothing was posted with it; the containers are dropped
  and made again, once per attempt.
- PUBLISHED: the post exists; it is found among the account's latest posts, never re-published.

A platform declares its edges and field names and builds the fields of each container
(`item_fields`, `post_fields`); its endpoints, fields and limits stay in its own connector.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any, ClassVar

from django.utils.translation import gettext

from portevoix.connectors.base import Account, Draft, Media, Published, PublishState
from portevoix.connectors.errors import (
    ConnectorError,
    OutcomeUnknown,
    QuotaExceeded,
    Rejected,
    Unavailable,
)
from portevoix.connectors.meta.graph import ContainerExpired, graph, permalink
from portevoix.connectors.meta.publishing_account import MetaPublishingAccount

FINISHED, IN_PROGRESS, ERROR, EXPIRED, PUBLISHED = (
    "FINISHED",
    "IN_PROGRESS",
    "ERROR",
    "EXPIRED",
    "PUBLISHED",
)
# Meta recommends polling a container once a minute for at most five minutes; a long reel can
# take longer, so the whole post gets three times that before it is called stuck.
PROCESSING_DEADLINE = 15 * 60


def is_video(media: Media) -> bool:
    return media.content_type.startswith("video/")


class ContainerConnector(MetaPublishingAccount):
    platform_name: ClassVar[str]  # "Instagram", "Threads": a brand name, the same in every language
    container_edge: ClassVar[str]  # POST /{user-id}/<edge> makes a container
    publish_edge: ClassVar[str]  # POST /{user-id}/<edge> publishes one
    status_field: ClassVar[str]  # the container's state: "status_code" or "status"
    reason_field: ClassVar[str]  # why it is in ERROR
    text_field: ClassVar[str]  # the post's text as read back by `lookup`: "caption" or "text"

    # -- what each platform sends -------------------------------------------------------------
    def item_fields(self, media: Media) -> dict[str, str]:
        """The container of one carousel item."""
        raise NotImplementedError

    def post_fields(self, draft: Draft, children: list[str]) -> dict[str, str]:
        """The post's own container: the carousel of `children`, or the single media or text."""
        raise NotImplementedError

    def waits_for(self, draft: Draft) -> bool:
        """Whether the post's container is processed asynchronously (media) or ready at once."""
        return bool(draft.media)

    # -- settings -----------------------------------------------------------------------------
    @property
    def poll_interval(self) -> float:
        return float(self.settings.get("poll_interval", 3))

    @property
    def poll_attempts(self) -> int:
        # 20 polls 3 s apart: one attempt stays well inside the publishing lease (120 s).
        return int(self.settings.get("poll_attempts", 20))

    @property
    def processing_deadline(self) -> float:
        return float(self.settings.get("processing_deadline", PROCESSING_DEADLINE))

    # -- publishing ---------------------------------------------------------------------------
    def publish(
        self, account: Account, draft: Draft, idempotency_key: str, state: PublishState
    ) -> Published:
        if state.get("platform_id"):
            return self._published(account, str(state["platform_id"]))
        self._check_quota(account)
        try:
            return self._publish_once(account, draft, state)
        except ContainerExpired:
            # Nothing was posted with an expired container: make the containers again, once.
            self._drop_containers(state)
            return self._publish_once(account, draft, state)

    def _check_quota(self, account: Account) -> None:
        used, total = self._quota(account)
        if used >= total:
            # A rolling 24-hour window: a slot frees when the oldest post of the window ages
            # out, which the API does not say; look again in an hour.
            raise QuotaExceeded(
                gettext("%(platform)s allows %(total)d posts in 24 hours; the limit is reached.")
                % {"platform": self.platform_name, "total": total},
                reset_at=dt.datetime.now(dt.UTC) + dt.timedelta(hours=1),
            )

    def _publish_once(self, account: Account, draft: Draft, state: PublishState) -> Published:
        container = str(state.get("container_id") or "")
        if not container:
            container = self._create_containers(account, draft, state)
        if self.waits_for(draft) or state.get("publish_requested"):
            answer = self._settle(account, container, state)
            if answer.get(self.status_field) == PUBLISHED:
                return self._find_published(account, container, state)
        state.checkpoint(publish_requested=True)
        try:
            answer = graph(
                self.http,
                "POST",
                self.api(f"{account.external_id}/{self.publish_edge}"),
                data={"creation_id": container, "access_token": account.credentials.access_token},
            )
        except OutcomeUnknown:
            raise  # sent, unanswered: `lookup` reads the container's status first
        except ConnectorError:
            state.checkpoint(publish_requested=False)  # answered: nothing was published
            raise
        media_id = str(answer["id"])
        state.checkpoint(platform_id=media_id)
        return self._published(account, media_id)

    def _create_containers(self, account: Account, draft: Draft, state: PublishState) -> str:
        if not state.get("containers_since"):
            state.checkpoint(containers_since=dt.datetime.now(dt.UTC).isoformat())
        children: list[str] = []
        if len(draft.media) > 1:
            children = state.each_once(
                "children",
                draft.media,
                lambda media: self._post_container(account, self.item_fields(media)),
            )
            # Video items are processed asynchronously; a carousel of unfinished items fails.
            for media, child in zip(draft.media, children, strict=False):
                if is_video(media):
                    self._settle(account, child, state)
        container = self._post_container(account, self.post_fields(draft, children))
        state.checkpoint(container_id=container, sent_text=draft.text)
        return container

    def _post_container(self, account: Account, fields: dict[str, str]) -> str:
        answer = graph(
            self.http,
            "POST",
            self.api(f"{account.external_id}/{self.container_edge}"),
            data={**fields, "access_token": account.credentials.access_token},
        )
        return str(answer["id"])

    def container_status(self, account: Account, container: str) -> dict[str, Any]:
        return graph(
            self.http,
            "GET",
            self.api(container),
            params={
                "fields": f"{self.status_field},{self.reason_field}",
                "access_token": account.credentials.access_token,
            },
        )

    def _settle(self, account: Account, container: str, state: PublishState) -> dict[str, Any]:
        """Poll `container` until it leaves IN_PROGRESS (this attempt's share of polls), then
        act on its status as the module docstring says; the last answer when it is usable."""
        answer: dict[str, Any] = {}
        for attempt in range(max(1, self.poll_attempts)):
            answer = self.container_status(account, container)
            if answer.get(self.status_field) != IN_PROGRESS:
                break
            if attempt + 1 < self.poll_attempts and self.poll_interval:
                time.sleep(self.poll_interval)
        status = str(answer.get(self.status_field, ""))
        values = {"platform": self.platform_name, "status": status}
        if status in (FINISHED, PUBLISHED):
            return answer
        if status == EXPIRED:
            raise ContainerExpired(
                gettext("%(platform)s let the media container expire (%(status)s).") % values
            )
        if status == ERROR:
            self._drop_containers(state)
            reason = str(answer.get(self.reason_field) or status)
            raise Rejected(
                gettext("%(platform)s could not process the media: %(reason)s")
                % {**values, "reason": reason}
            )
        if state.get("publish_requested"):
            raise OutcomeUnknown(
                gettext("%(platform)s has not said whether the post went out (%(status)s).")
                % values
            )
        if status == IN_PROGRESS and self._past_deadline(state):
            # Still processing long after Meta's own guidance: another round would only wait
            # again. The target fails, plainly; the container was never published.
            raise Rejected(
                gettext(
                    "%(platform)s has been processing the media for more than %(minutes)d "
                    "minutes; nothing was published. Check the video against the platform's "
                    "specifications."
                )
                % {**values, "minutes": round(self.processing_deadline / 60)}
            )
        # Still processing (or a status Meta may add later): the containers are kept and the
        # next attempt polls the same ones.
        raise Unavailable(
            gettext("%(platform)s is still processing the media (%(status)s).") % values
        )

    def _past_deadline(self, state: PublishState) -> bool:
        since = state.get("containers_since")
        if not since:
            return False
        started = dt.datetime.fromisoformat(str(since))
        elapsed = (dt.datetime.now(dt.UTC) - started).total_seconds()
        return elapsed > self.processing_deadline

    @staticmethod
    def _drop_containers(state: PublishState) -> None:
        state.checkpoint(container_id="", children=[], containers_since="", publish_requested=False)

    # -- finding a post whose outcome is unknown ----------------------------------------------
    def lookup(
        self, account: Account, idempotency_key: str, state: PublishState
    ) -> Published | None:
        """A container is published once at most: until it is PUBLISHED nothing was posted
        (unless the publish request was sent and it is still IN_PROGRESS: then nobody can tell
        yet); once it is, the post is the latest one with the text we sent."""
        if state.get("platform_id"):
            return self._published(account, str(state["platform_id"]))
        container = state.get("container_id")
        if not container:
            return None
        status = self.container_status(account, str(container)).get(self.status_field)
        if status == PUBLISHED:
            return self._find_published(account, str(container), state)
        if status == IN_PROGRESS and state.get("publish_requested"):
            raise OutcomeUnknown(
                gettext("%(platform)s is still publishing the post; look again later.")
                % {"platform": self.platform_name}
            )
        return None

    def _find_published(self, account: Account, container: str, state: PublishState) -> Published:
        answer = graph(
            self.http,
            "GET",
            self.api(f"{account.external_id}/{self.container_edge}"),
            params={
                "fields": f"id,{self.text_field},permalink,timestamp",
                "limit": "10",
                "access_token": account.credentials.access_token,
            },
        )
        for post in answer.get("data", []):
            if post.get(self.text_field, "") == state.get("sent_text", ""):
                state.checkpoint(platform_id=str(post["id"]))
                return Published(platform_id=str(post["id"]), url=post.get("permalink", ""))
        # The container says a post exists: never publish again on a guess.
        raise OutcomeUnknown(
            gettext(
                "%(platform)s published container %(container)s but the post is not among the "
                "latest ones; check the account by hand."
            )
            % {"platform": self.platform_name, "container": container}
        )

    def _published(self, account: Account, media_id: str) -> Published:
        url = permalink(self.http, self.api(media_id), account.credentials.access_token)
        return Published(platform_id=media_id, url=url)
