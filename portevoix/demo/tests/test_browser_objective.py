"""End to end in a real browser: a French-speaking strategist logs in and sets an objective.

Runs Debian's headless Chromium against pytest-django's live server (see `browser.py`). The
French wording is checked after the whole flow has run, so a missing translation is reported
as such and does not hide whether the flow itself works.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from portevoix.accounts import actions
from portevoix.accounts.models import Brand
from portevoix.conftest import PASSWORD
from portevoix.demo.tests.browser import chromium, screenshot_on_failure
from portevoix.strategy.actions import brand_today, create_item
from portevoix.strategy.models import Objective, Revision

pytestmark = pytest.mark.browser

TITLE = "Doubler les abonnés TikTok"
REASON = "Lancement du compte TikTok à la rentrée"


@pytest.fixture
def page(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    # Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a
    # thread with a running loop unless told that this is deliberate.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with chromium() as browser:
        context = browser.new_context(locale="fr-CA", timezone_id="America/Montreal")
        context.set_default_timeout(10_000)
        yield context.new_page()
        context.close()


class FrenchWording:
    """Collects wording that is not the expected French, to report it all at the end."""

    def __init__(self) -> None:
        self.missing: list[str] = []

    def expect(self, where: str, locator: Any, text: str) -> None:
        actual = locator.first.inner_text().strip() if locator.count() else "(not found)"
        if text not in actual:
            self.missing.append(f"{where}: expected “{text}”, the page says “{actual}”")


def assert_french_page(page: Any, response: Any) -> None:
    """The page answered 200 and says it is in French (`<html lang="fr">`)."""
    assert response is not None, f"no response for {page.url}"
    assert response.status == 200, (
        f"{response.request.method} {response.url} answered {response.status}"
    )
    assert page.locator("html").get_attribute("lang") == "fr", f"not French: {page.url}"


def test_it_creates_an_objective_in_french(
    page: Any, live_server: Any, alice: Any, brand: Brand, request: pytest.FixtureRequest
) -> None:
    actions.set_profile(alice, alice, language="fr")
    persona = create_item(alice, brand, "persona", name="Étudiants du Plateau", language="fr")
    deadline = brand_today(brand) + dt.timedelta(days=30)
    list_path = reverse("strategy:objective-list", kwargs={"brand_id": brand.pk})
    create_path = reverse("strategy:objective-create", kwargs={"brand_id": brand.pk})
    french = FrenchWording()
    page_errors: list[str] = []
    page.on("pageerror", lambda error: page_errors.append(str(error)))

    with screenshot_on_failure(page, request.node.name):
        # Log in through the form, as a person would.
        assert_french_page(page, page.goto(live_server.url + reverse("login")))
        french.expect("login page heading", page.locator("main h1"), "Se connecter")
        login_form = page.locator("main form").filter(has=page.locator('[name="password"]'))
        french.expect("login button", login_form.locator('button[type="submit"]'), "Se connecter")
        login_form.locator('[name="username"]').fill("alice")
        login_form.locator('[name="password"]').fill(PASSWORD)
        login_form.locator('button[type="submit"]').click()
        page.wait_for_url(lambda url: "/login/" not in url)

        # The objectives page, then its "new objective" link.
        assert_french_page(page, page.goto(live_server.url + list_path))
        french.expect("objectives page heading", page.locator("main h1"), "Objectifs")
        with page.expect_navigation(url=f"**{create_path}") as navigation:
            page.locator(f'main a[href="{create_path}"]').first.click()
        assert_french_page(page, navigation.value)

        form = page.locator("main form").filter(has=page.locator('[name="title"]'))
        french.expect("title label", form.locator('label[for="id_title"]'), "Titre")
        submit = form.locator('button[type="submit"], input[type="submit"]')
        french.expect("objective form button", submit, "Enregistrer")
        form.locator('[name="title"]').fill(TITLE)
        form.locator('[name="category"]').select_option("awareness")
        form.locator('[name="kpi_metric"]').fill("Abonnés TikTok")
        form.locator('[name="kpi_unit"]').fill("abonnés")
        form.locator('[name="baseline"]').fill("1200")
        form.locator('[name="target"]').fill("2400")
        # ISO dates are accepted whatever the widget: <input type="date"> or text in any locale.
        form.locator('[name="deadline"]').fill(deadline.isoformat())
        personas = form.locator('[name="personas"]')
        if personas.first.evaluate("e => e.tagName") == "SELECT":
            personas.first.select_option(str(persona.pk))
        else:
            form.locator(f'[name="personas"][value="{persona.pk}"]').check()
        form.locator('[name="reason"]').fill(REASON)
        with page.expect_navigation() as navigation:
            submit.first.click()
        assert_french_page(page, navigation.value)
        errors = page.locator(".errorlist")
        assert not errors.count(), "the form was refused: " + " | ".join(errors.all_inner_texts())

        # Listed on the objectives page, and saved with its KPI and a revision.
        assert_french_page(page, page.goto(live_server.url + list_path))
        assert TITLE in page.locator("main").inner_text()
        objective = Objective.objects.get(brand=brand, title=TITLE)
        assert (objective.category, objective.kpi_metric, objective.kpi_unit) == (
            "awareness",
            "Abonnés TikTok",
            "abonnés",
        )
        assert (objective.baseline, objective.target) == (Decimal(1200), Decimal(2400))
        assert objective.deadline == deadline
        assert list(objective.personas.all()) == [persona]
        revision = Revision.objects.get(object_type="objective", object_id=objective.pk)
        assert (revision.action, revision.author, revision.reason) == ("create", alice, REASON)
        assert page_errors == [], f"JavaScript errors: {page_errors}"
        assert not french.missing, "French wording missing:\n  " + "\n  ".join(french.missing)
