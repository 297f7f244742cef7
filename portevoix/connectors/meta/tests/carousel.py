"""A carousel on Instagram or Threads, shared by both connectors' carousel tests: the platform
hands out one container id per item, in order, then the carousel's own; the video item's status
follows a script (IN_PROGRESS then FINISHED, or ERROR), every other container is FINISHED."""

from __future__ import annotations

from dataclasses import dataclass

from portevoix.connectors.meta.tests.platform import FakeMeta, MetaSpec


@dataclass(frozen=True)
class Carousel:
    spec: MetaSpec
    items: list[str]  # the item containers' ids, in the draft's order
    container: str  # the carousel container's id
    video: str  # the id of the video item, whose processing is polled

    def platform(self, video_statuses: list[str]) -> FakeMeta:
        """The platform, the video item answering `video_statuses` in turn (the last repeats)."""
        return FakeMeta(
            self.spec, [*self.items, self.container], statuses={self.video: video_statuses}
        )

    def published_steps(self, video_polls: int) -> list[str]:
        """The requests of a carousel made at once: every item, the video item polled until
        FINISHED, then the carousel made, polled and published."""
        return [
            *["create"] * len(self.items),
            *[f"poll {self.video}"] * video_polls,
            "create",
            f"poll {self.container}",
            "publish",
        ]

    def publish_request(self) -> dict[str, str]:
        token = self.spec.account.credentials.access_token
        return {"creation_id": self.container, "access_token": token}
