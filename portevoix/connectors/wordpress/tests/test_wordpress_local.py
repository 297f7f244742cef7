"""End to end against a real WordPress: connect, publish with a featured image, schedule,
find a post whose answer was lost, read comments, trash, and a wrong password."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest

from portevoix.connectors.base import Account, Draft, Media, PublishState
from portevoix.connectors.errors import AuthExpired
from portevoix.connectors.wordpress.connector import WordPressConnector
from portevoix.connectors.wordpress.tests.conftest import Site
from portevoix.lib.http import make_client

pytestmark = pytest.mark.e2e

TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415408d763"
    "f8cfc0000003010100c9fe92ef0000000049454e44ae426082"
)


@pytest.fixture
def wordpress() -> WordPressConnector:
    return WordPressConnector(make_client())


@pytest.fixture
def account(wordpress: WordPressConnector, wordpress_site: Site) -> Account:
    return wordpress.connect(
        {
            "site_url": wordpress_site.url,
            "username": wordpress_site.user,
            "application_password": wordpress_site.password,
        }
    )


def admin(site: Site) -> httpx.Client:
    return httpx.Client(auth=(site.user, site.password), timeout=30)


def get_post(site: Site, post_id: str) -> dict[str, object]:
    params = {"rest_route": f"/wp/v2/posts/{post_id}", "context": "edit"}
    return dict(admin(site).get(f"{site.url}/", params=params).raise_for_status().json())


def test_it_publishes_an_article_with_its_featured_image(
    wordpress: WordPressConnector, account: Account, wordpress_site: Site
) -> None:
    image = Media(
        "pixel.png", "image/png", len(TINY_PNG), alt_text="Un pixel", data=lambda: TINY_PNG
    )
    draft = Draft(title="Carte d'automne", text="Courge & cidre.\n\nÀ bientôt", media=(image,))
    state = PublishState()
    published = wordpress.publish(account, draft, "e2e-article-1", state)
    post = get_post(wordpress_site, published.platform_id)
    assert post["status"] == "publish"
    assert post["featured_media"] == state["media"][0]["id"]
    assert "<p>Courge &amp; cidre.</p>" in str(post["content"])
    assert httpx.get(published.url).status_code == 200
    # The answer was lost: the slug finds it; another key finds nothing.
    found = wordpress.lookup(account, "e2e-article-1", PublishState({"slug": state["slug"]}))
    assert found is not None and found.platform_id == published.platform_id
    missing = PublishState({"slug": "never-published-pv0000000000"})
    assert wordpress.lookup(account, "other", missing) is None
    wordpress.delete(account, published.platform_id)
    assert get_post(wordpress_site, published.platform_id)["status"] == "trash"
    wordpress.delete(account, published.platform_id)  # already in the trash


def test_it_schedules_natively(
    wordpress: WordPressConnector, account: Account, wordpress_site: Site
) -> None:
    when = (dt.datetime.now(dt.UTC) + dt.timedelta(days=2)).replace(microsecond=0)
    draft = Draft(title="Plus tard", text="Bientôt", extra={"scheduled_at": when})
    published = wordpress.publish(account, draft, "e2e-future-1", PublishState())
    post = get_post(wordpress_site, published.platform_id)
    assert post["status"] == "future"
    assert post["date_gmt"] == when.strftime("%Y-%m-%dT%H:%M:%S")
    found = wordpress.lookup(account, "k", PublishState({"slug": post["slug"]}))
    assert found is not None  # scheduled posts are found too
    wordpress.delete(account, published.platform_id)


def test_it_reads_new_comments_once(
    wordpress: WordPressConnector, account: Account, wordpress_site: Site
) -> None:
    published = wordpress.publish(account, Draft(title="Avis", text="?"), "e2e-c", PublishState())
    client = admin(wordpress_site)
    for words in ("Bravo !", "Encore !"):
        client.post(
            f"{wordpress_site.url}/",
            params={"rest_route": "/wp/v2/comments"},
            json={
                "post": int(published.platform_id),
                "content": words,
                "author_name": "Visiteuse",
                "author_email": "v@example.com",
            },
        ).raise_for_status()
    page = wordpress.fetch_comments(account, published.platform_id)
    assert sorted(item.text for item in page.items) == ["Bravo !", "Encore !"]
    assert wordpress.fetch_comments(account, published.platform_id, page.cursor).items == ()
    wordpress.delete(account, published.platform_id)


def test_a_wrong_application_password_needs_a_reconnect(
    wordpress: WordPressConnector, wordpress_site: Site
) -> None:
    with pytest.raises(AuthExpired):
        wordpress.connect(
            {
                "site_url": wordpress_site.url,
                "username": "admin",
                "application_password": "wrong wrong wrong wrong",
            }
        )
