"""Internal comments: threaded, the post's author is told; the client's link never shows them."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from portevoix.accounts.models import Notification
from portevoix.editorial.tests.factories import client_for, make_post


def test_it_threads_comments_and_tells_the_author(alice: Any, bob: Any, brand: Any) -> None:
    post = make_post(brand, alice)
    url = reverse("editorial:post-comment", args=[brand.pk, post.pk])
    client_for(bob).post(url, {"body": "Ajoute <le> prix"})
    first = post.comments.get()
    client_for(alice).post(url, {"body": "Fait", "parent": first.pk})
    assert post.comments.get(parent=first).body == "Fait"
    assert Notification.objects.filter(user=alice, kind="editorial.comment").count() == 1
    assert Notification.objects.filter(user=bob, kind="editorial.comment").count() == 1
    page = (
        client_for(alice)
        .get(reverse("editorial:post-detail", args=[brand.pk, post.pk]))
        .content.decode()
    )
    assert "Ajoute &lt;le&gt; prix" in page and "Fait" in page
