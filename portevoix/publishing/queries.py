"""Reads for the publishing pages."""

from __future__ import annotations

from django.db.models import QuerySet

from portevoix.accounts.models import Brand
from portevoix.editorial.models import PostTarget
from portevoix.publishing.models import PublishAttempt


def targets_of(brand: Brand) -> QuerySet[PostTarget]:
    return PostTarget.objects.filter(post__brand=brand).select_related("post", "account")


def attempts_of(target: PostTarget) -> QuerySet[PublishAttempt]:
    return PublishAttempt.objects.filter(target=target).order_by("-number")
