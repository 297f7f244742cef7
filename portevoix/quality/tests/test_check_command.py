"""`portevoix check --platform P` reads JSON lines and writes one verdict per line; without
--platform it is still Django's system check."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from portevoix.quality.tests.factories import make_image


def run(lines: list[str], *args: str) -> tuple[list[dict], str, int]:
    stdout, stderr = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command(
            "check", *args, stdin=io.StringIO("\n".join(lines) + "\n"), stdout=stdout, stderr=stderr
        )
    except CommandError as error:
        code = error.returncode
    rows = [json.loads(line) for line in stdout.getvalue().splitlines() if line]
    return rows, stderr.getvalue(), code


def test_it_writes_one_verdict_per_post() -> None:
    rows, _stderr, code = run(
        [json.dumps({"text": "Bon matin !"}), json.dumps({"text": "x" * 300})],
        "--platform=x",
        "--no-links",
    )
    assert code == 1  # a post is invalid: CI fails
    assert [(r["length"], r["limit"], r["valid"]) for r in rows] == [
        (11, 280, True),
        (300, 280, False),
    ]
    assert rows[1]["findings"][0]["code"] == "length.too_long"


def test_it_exits_zero_when_every_post_is_valid() -> None:
    rows, _stderr, code = run(
        [json.dumps({"text": "Bon matin !"})], "--platform=bluesky", "--no-links"
    )
    assert (code, len(rows)) == (0, 1)


def test_it_writes_messages_in_the_language_asked() -> None:
    line = json.dumps({"text": "x" * 300})
    [fr], _, _ = run([line], "--platform=x", "--no-links", "--lang=fr")
    [en], _, _ = run([line], "--platform=x", "--no-links", "--lang=en")
    assert fr["findings"][0]["message"].startswith("Trop long pour X : 300 sur 280")
    assert en["findings"][0]["message"].startswith("Too long for X: 300 of 280")


def test_it_reports_bad_lines_and_goes_on() -> None:
    rows, stderr, code = run(
        ["not json", json.dumps({"texte": "oops"}), json.dumps({"text": "Bon matin !"})],
        "--platform=x",
        "--no-links",
    )
    assert code == 2
    assert rows[0]["line"] == 1 and "error" in rows[0]
    assert rows[1] == {"line": 2, "error": 'each line needs a "text" string'}
    assert rows[2]["valid"] is True
    assert "line 1:" in stderr


def test_it_checks_media_spelling_and_the_posts_language(tmp_path: Path) -> None:
    image = tmp_path / "vitrine.png"
    image.write_bytes(make_image("PNG"))
    post = {
        "text": "We definately love our new window.",
        "lang": "en",
        "media": [{"path": str(image)}],
    }
    [row], _, code = run([json.dumps(post)], "--platform=instagram", "--no-links")
    assert code == 1
    codes = [f["code"] for f in row["findings"]]
    assert "media.bad_type" in codes  # Instagram takes JPEG only
    assert any(c.endswith(".harper") for c in codes)


def test_it_accepts_brand_words() -> None:
    line = json.dumps({"text": "Goûtez le Lumièrissimo."})
    [row], _, _ = run([line], "--platform=x", "--no-links")
    assert row["findings"]
    [row], _, _ = run([line], "--platform=x", "--no-links", "--brand-word=Lumièrissimo")
    assert row["findings"] == []


def test_it_is_still_djangos_system_check_without_platform(
    capsys: pytest.CaptureFixture[str],
) -> None:
    stdout = io.StringIO()
    call_command("check", stdout=stdout)
    assert "System check identified no issues" in stdout.getvalue()
