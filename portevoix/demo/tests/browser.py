"""Drive Debian's headless Chromium with Playwright, for the few tests marked `browser`.

Never downloads a browser: Playwright is pointed at the system Chromium (`make test-deps`
installs it when run as root, as on CI). Without it, a developer's run skips the test; CI fails.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from portevoix.conftest import PASSWORD

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # root in a container has no user namespace for the sandbox
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # No calls home (updates, sync, safe-browsing lists): tests never reach the internet.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOT_DIR = Path(tempfile.gettempdir()) / "portevoix-browser"
CLIENT_EMAIL = "client@cafe-lumiere.example"


def _missing(reason: str) -> NoReturn:
    """Skip on a developer's machine we may not install on; fail wherever it should be there."""
    if os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}:
        pytest.fail(f"{reason} (CI=true: the browser test must run on CI)")
    if os.geteuid() != 0:
        pytest.skip(f"{reason}; as root, `apt-get install chromium` (or `make test-deps`)")
    pytest.fail(f"{reason}; run `make test-deps` (as root it installs Debian's chromium)")


@contextmanager
def chromium() -> Iterator[Browser]:
    """A headless Chromium for one test, closed afterwards."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        _missing(f"Chromium is not installed at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("the Python package playwright is not installed (make install-dev)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True, timeout=30_000
        )
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def screenshot_on_failure(page: Page, name: str) -> Iterator[None]:
    """On any failure, save a full-page screenshot and the HTML, and name them in the error."""
    try:
        yield
    except BaseException as exc:
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        stem = SCREENSHOT_DIR / re.sub(r"[^\w.-]+", "_", name)
        try:
            page.screenshot(path=f"{stem}.png", full_page=True)
            Path(f"{stem}.html").write_text(page.content(), encoding="utf-8")
            exc.add_note(
                f"browser at failure: {page.url}\n  screenshot: {stem}.png\n  html: {stem}.html"
            )
        except Exception as shot_error:  # the page may be gone; keep the original error
            exc.add_note(f"no screenshot: {shot_error}")
        raise


def new_page(browser: Browser) -> Page:
    """A fresh context per person: nobody shares another's session cookie."""
    context = browser.new_context(locale="fr-CA", timezone_id="America/Montreal")
    context.set_default_timeout(10_000)
    return context.new_page()


def log_in(page: Page, live_server: Any, username: str, password: str) -> None:
    """Through the login form, as a person would."""
    page.goto(live_server.url + reverse("login"))
    form = page.locator("main form").filter(has=page.locator('[name="password"]'))
    form.locator('[name="username"]').fill(username)
    form.locator('[name="password"]').fill(password)
    form.locator('button[type="submit"]').click()
    page.wait_for_url(lambda url: "/login/" not in url)


def assert_ok(page: Page, response: Any) -> None:
    """The page answered 200 and shows no form error."""
    assert response is not None, f"no response for {page.url}"
    assert response.status == 200, f"{response.request.method} {response.url}: {response.status}"
    errors = page.locator(".errorlist")
    assert not errors.count(), "refused: " + " | ".join(errors.all_inner_texts())


def submit_for_approval(page: Page, prefix: str, text: str, when: dt.datetime) -> None:
    """On the open editor: the target's text and time, then "save and submit"; no finding left."""
    page.locator(f'[name="{prefix}-text"]').fill(text)
    page.locator(f'[name="{prefix}-when"]').fill(when.strftime("%Y-%m-%dT%H:%M"))
    submit = page.get_by_role("button", name="Enregistrer et soumettre pour approbation")
    with page.expect_navigation() as navigation:
        submit.click()
    assert_ok(page, navigation.value)
    assert not page.get_by_role("list", name="Problèmes trouvés").count()


def approve_and_send_to_client(
    browser: Browser, live_server: Any, name: str, username: str, post: Any
) -> None:
    """A strategist, in a browser of their own, approves the post and sends it to CLIENT_EMAIL.
    `name` (the test's) names the screenshot of a failure."""
    post_path = reverse(
        "editorial:post-detail", kwargs={"brand_id": post.brand_id, "post_id": post.pk}
    )
    page = new_page(browser)
    with screenshot_on_failure(page, name + "-strategist"):
        log_in(page, live_server, username, PASSWORD)
        assert_ok(page, page.goto(live_server.url + post_path))
        with page.expect_navigation() as navigation:
            page.get_by_role("button", name="Approuver", exact=True).click()
        assert_ok(page, navigation.value)
        page.locator('[name="email"]').fill(CLIENT_EMAIL)
        with page.expect_navigation() as navigation:
            page.get_by_role("button", name="Envoyer au client").click()
        assert_ok(page, navigation.value)


def approve_as_client(browser: Browser, live_server: Any, name: str, mail_body: str) -> None:
    """The client, without an account, approves through the link the e-mail gave them."""
    link = re.search(r"https?://\S+/approve/\S+/", mail_body)
    assert link, mail_body
    # The link names the configured site; the test's server listens elsewhere.
    path = urlsplit(link.group(0)).path
    page = new_page(browser)
    with screenshot_on_failure(page, name + "-client"):
        assert_ok(page, page.goto(live_server.url + path))
        with page.expect_navigation() as navigation:
            page.get_by_role("button", name="Approuver", exact=True).click()
        assert_ok(page, navigation.value)
        assert page.get_by_role("status").count()
