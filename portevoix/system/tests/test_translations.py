"""Every user-facing string is translated in both catalogues, and the catalogues are current.

The extraction test runs Django's makemessages on a copy of the package, so a string added to the
code but missing from the committed catalogues fails here, not in front of a user.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib  # type: ignore[import-untyped]
import pytest

PACKAGE = Path(__file__).resolve().parents[2]
LOCALES = ("fr", "en")


def catalogue(lang: str) -> polib.POFile:
    return polib.pofile(str(PACKAGE / "locale" / lang / "LC_MESSAGES" / "django.po"))


def key(entry: polib.POEntry) -> tuple[str, str, str | None]:
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or None)


@pytest.mark.parametrize("lang", LOCALES)
def test_it_translates_every_string(lang: str) -> None:
    po = catalogue(lang)
    missing = [e.msgid for e in po if not e.obsolete and not e.translated()]
    fuzzy = [e.msgid for e in po if "fuzzy" in e.flags]
    assert (missing, fuzzy) == ([], [])
    assert len(po) > 50


@pytest.mark.parametrize("lang", LOCALES)
def test_it_ships_compiled_catalogues_that_match_the_sources(lang: str) -> None:
    po = catalogue(lang)
    mo = polib.mofile(str(PACKAGE / "locale" / lang / "LC_MESSAGES" / "django.mo"))
    compiled = {key(e): (e.msgstr, tuple(sorted(e.msgstr_plural.items()))) for e in mo}
    sources = {
        key(e): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
        for e in po
        if not e.obsolete and e.translated()
    }
    assert compiled == sources


def test_it_has_every_marked_string_in_the_catalogues(tmp_path: Path) -> None:
    assert shutil.which("xgettext"), "GNU gettext is needed: `make test-deps` installs it as root"
    copy = tmp_path / "portevoix"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "PORTEVOIX_VAR_DIR": str(tmp_path / "var")}
    subprocess.run(
        [sys.executable, "-P", "-m", "portevoix.cli", "makemessages", "-l", "fr", "--no-location"],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )
    extracted = {key(e) for e in polib.pofile(str(copy / "locale/fr/LC_MESSAGES/django.po"))}
    for lang in LOCALES:
        committed = {key(e) for e in catalogue(lang) if not e.obsolete}
        assert sorted(extracted - committed) == [], f"missing from the {lang} catalogue"
