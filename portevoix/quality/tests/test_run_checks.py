"""`run_checks` returns every finding at once, with the length, the limit and `valid`."""

from __future__ import annotations

from portevoix.connectors.base import CountUnit, Limits
from portevoix.quality.checks import run_checks
from portevoix.quality.tests.factories import local_site, make_media


def test_it_returns_every_finding_at_once() -> None:
    text = "Nos croissant sont prêts ! exemple.fr/menu " + " ".join(f"#t{n}" for n in range(31))
    result = run_checks(
        text,
        "instagram",
        media=[make_media(content_type="image/png", filename="a.png")],
        require_utm=True,
        check_links=False,
        languages=("fr",),
    )
    codes = sorted(f.code for f in result.findings)
    assert codes == [
        "grammar.grammalecte",
        "hashtags.too_many",
        "link.utm_missing",
        "media.bad_type",
    ]
    assert (result.length, result.limit, result.unit) == (len(text), 2200, "characters")
    assert not result.valid


def test_it_takes_the_limits_a_connector_read_from_the_account() -> None:
    # A Mastodon instance that allows 1,000 characters.
    text = "a" * 700
    assert not run_checks(text, "mastodon", check_links=False, languages=()).valid
    wider = Limits(max_length=1000, unit=CountUnit.MASTODON)
    result = run_checks(text, "mastodon", limits=wider, check_links=False, languages=())
    assert (result.valid, result.limit) == (True, 1000)


def test_it_checks_links_with_its_own_guarded_client() -> None:
    with local_site() as (base, requests):
        result = run_checks(f"Voyez {base}/missing", "x", languages=())
    assert [f.code for f in result.findings] == ["link.broken"]
    assert requests


def test_it_converts_findings_for_a_connectors_validate() -> None:
    result = run_checks("a" * 300, "x", check_links=False, languages=())
    [issue] = [finding.to_issue() for finding in result.findings]
    assert (issue.code, issue.severity, issue.start, issue.end) == (
        "length.too_long",
        "error",
        280,
        300,
    )
    data = result.to_dict()
    assert data["valid"] is False
    assert data["findings"][0]["severity"] == "error"
