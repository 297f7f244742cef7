"""French: Grammalecte, our lexicon beside its own, and the rules of `french_rules` after it.

What Grammalecte reports is kept except for two kinds of false alarm measured on posts:
agreement "errors" between a common noun and the proper name that follows it ("l'agence
Boréal", "le café Lumière", which it reads as adjectives), and inside event names it does not
know as set phrases ("soirée portes ouvertes").
"""

from __future__ import annotations

import contextlib
import importlib
import io
import threading
from typing import Any

import regex

from portevoix.quality.spelling import french_rules, lexicon_fr
from portevoix.quality.spelling.french_rules import Analysis
from portevoix.quality.spelling.issue import Issue
from portevoix.quality.spelling.masking import is_placeholder

# Typography rules that social posts do not follow and nobody asked for (nlp.md): typographic
# apostrophes, non-breaking spaces, spacing, units, number formatting. Every grammar group
# (conf, gn, conj, infi, ppas, vmode, imp, inte, maj…) stays at Grammalecte's default: on.
GRAMMALECTE_OFF = ("typo", "apos", "nbsp", "esp", "unit", "num")
# Set phrases inside which Grammalecte's agreement findings are wrong.
SET_PHRASES = regex.compile(r"\bportes?[- ]ouvertes?\b", regex.IGNORECASE)
SENTENCE_END = frozenset('.!?…:;«»"“”()—–-')


class GrammalecteLexicon:
    """`french_rules.Lexicon` on Grammalecte's dictionary and inflection functions."""

    def __init__(self, module: Any, spelling: Any) -> None:
        # Loaded by `module.GrammarChecker`, which points these functions at its dictionary.
        gc_functions = importlib.import_module(module.__name__ + ".fr.gc_functions")

        self._functions = gc_functions
        self._spelling = spelling
        self._cache: dict[str, tuple[Analysis, ...]] = {}

    def analyses(self, word: str) -> tuple[Analysis, ...]:
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        readings = []
        # Grammalecte's morphologies read ">lemma/:tag:tag…/source".
        for morph in self._spelling.getMorph(word.replace("'", "’")):
            lemma, _slash, rest = morph[1:].partition("/")
            tags = rest.rpartition("/")[0] or rest
            readings.append(Analysis(lemma, frozenset(filter(None, tags.split(":")))))
        if len(self._cache) > 50_000:  # a worker lives long; posts bring new words
            self._cache.clear()
        self._cache[word] = tuple(readings)
        return self._cache[word]

    @staticmethod
    def _split(suggestions: str) -> tuple[str, ...]:
        return tuple(s for s in suggestions.split("|") if s)

    def plural(self, word: str) -> tuple[str, ...]:
        return self._split(self._functions.suggPlur(word))

    def singular(self, word: str) -> tuple[str, ...]:
        return self._split(self._functions.suggSing(word))

    def participle(self, word: str, gender_number: str) -> tuple[str, ...]:
        return self._split(self._functions.suggVerbPpas(word, gender_number))

    def conjugate(self, word: str, tense: str, person: str) -> tuple[str, ...]:
        return self._split(self._functions.suggVerbTense(word, tense, person))


def community_dictionary(module: Any) -> dict[str, Any]:
    """`lexicon_fr` compiled by Grammalecte's own builder (it prints its progress: muted)."""
    dawg = importlib.import_module(module.__name__ + ".graphspell.dawg")
    with contextlib.redirect_stdout(io.StringIO()):
        graph = dawg.DAWG(lexicon_fr.entries(), "S", "fr", "Français", "porte-voix", "Porte-voix")
        return dict(graph.getBinaryAsJSON())


def _names(line: str, tokens: list[french_rules.Token]) -> list[tuple[int, int]]:
    """Capitalised words inside a sentence: proper names ("l'agence Boréal")."""
    spans = []
    for i, token in enumerate(tokens):
        if i == 0 or not token.is_word or not token.text[:1].isupper():
            continue
        before = tokens[i - 1]
        if not before.is_word and before.text in SENTENCE_END:
            continue
        spans.append((token.start, token.end))
    return spans


def _false_alarm(
    issue: Issue, names: list[tuple[int, int]], phrases: list[tuple[int, int]]
) -> bool:
    if any(issue.start < end and start < issue.end for start, end in phrases):
        return True
    if "__gn_" not in issue.rule:
        return False
    # The name itself, or the noun right before it, which the agreement rule also marks.
    return any(
        (start <= issue.start < end) or (0 <= start - issue.end <= 1) for start, end in names
    )


class GrammalecteChecker:
    name = "grammalecte"
    language = "fr"

    def __init__(self, module: Any) -> None:
        self._checker = module.GrammarChecker("fr")
        engine = self._checker.getGCEngine()
        for option in GRAMMALECTE_OFF:
            engine.setOption(option, False)
        self._spelling = self._checker.getSpellChecker()
        self._spelling.setCommunityDictionary(community_dictionary(module))
        self._lexicon = GrammalecteLexicon(module, self._spelling)
        self._lock = threading.Lock()

    def knows(self, word: str) -> bool:
        with self._lock:
            return bool(self._spelling.isValid(word))

    def check(self, text: str) -> list[Issue]:
        issues = []
        with self._lock:
            # One paragraph per line: Grammalecte's offsets are within the paragraph given.
            offset = 0
            for line in text.split("\n"):
                issues += [
                    Issue(
                        offset + i.start, offset + i.end, i.kind, i.message, i.suggestions, i.rule
                    )
                    for i in self._check_line(line)
                ]
                offset += len(line) + 1
        return issues

    def _check_line(self, line: str) -> list[Issue]:
        grammar, spelling = self._checker.getParagraphErrors(line, bSpellSugg=False)
        tokens = french_rules.tokenize(line)
        names = _names(line, tokens)
        phrases = [match.span() for match in SET_PHRASES.finditer(line)]
        issues = []
        for error in grammar:
            issue = Issue(
                error["nStart"],
                error["nEnd"],
                "grammar",
                error["sMessage"],
                tuple(error["aSuggestions"][:5]),
                error["sRuleId"],
            )
            if not _false_alarm(issue, names, phrases):
                issues.append(issue)
        for error in spelling:
            word = error["sValue"]
            if is_placeholder(word):
                # A masked link or handle: suggestions for it would cost ~15 ms, for nothing.
                continue
            suggestions = [s for group in self._spelling.suggest(word) for s in group]
            issues.append(
                Issue(
                    error["nStart"],
                    error["nEnd"],
                    "spelling",
                    "",
                    tuple(suggestions[:5]),
                    "grammalecte-spelling",
                )
            )
        # Our rules speak only where Grammalecte is silent: one finding per problem.
        for issue in french_rules.check_line(line, self._lexicon):
            if not any(issue.start < i.end and i.start < issue.end for i in issues):
                issues.append(issue)
        return issues
