"""`check_spelling`: mask, pick the language, run its checker, keep what a person should see."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from portevoix.quality.findings import Finding, Severity
from portevoix.quality.spelling.backends import Checker, Issue, checker_for, hunspell_for
from portevoix.quality.spelling.masking import mask, overlaps
from portevoix.quality.spelling.words import words

SUPPORTED = ("fr", "en")


def choose_language(text: str, languages: Iterable[str]) -> str | None:
    """The brand language whose dictionary knows most of the words of `text`.

    Posts are short and their languages few (the brand's): a dictionary vote is enough here
    and needs no model.
    """
    candidates = [language for language in languages if language in SUPPORTED]
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    tokens = [word for _start, _end, word in words(text)]

    def known(language: str) -> int:
        dictionary = hunspell_for(language)
        return sum(dictionary.knows(word) for word in tokens)

    return max(candidates, key=known)  # ties go to the first: the brand's main language


def _accepted(word: str, brand_words: set[str]) -> bool:
    return word.casefold() in brand_words or any(ch.isdigit() for ch in word)


def _finding(issue: Issue, text: str, checker: str) -> Finding:
    problem = text[issue.start : issue.end]
    suggestions = ", ".join(issue.suggestions)
    if issue.kind == "spelling":
        if suggestions:
            message = _("“%(word)s” may be misspelled; suggestions: %(suggestions)s") % {
                "word": problem,
                "suggestions": suggestions,
            }
        else:
            message = _("“%(word)s” may be misspelled.") % {"word": problem}
    elif suggestions:
        message = _("Check “%(text)s”: %(detail)s (suggestions: %(suggestions)s)") % {
            "text": problem,
            "detail": issue.message,
            "suggestions": suggestions,
        }
    else:
        message = _("Check “%(text)s”: %(detail)s") % {"text": problem, "detail": issue.message}
    return Finding(
        code=f"{issue.kind}.{checker}",
        severity=Severity.WARNING,
        message=message,
        start=issue.start,
        end=issue.end,
        suggestions=issue.suggestions,
        checker=checker,
        detail=issue.message,
    )


def spelling_issues(
    text: str, language: str, brand_words: Iterable[str] = (), checker: Checker | None = None
) -> tuple[str, list[Issue]]:
    """The checker's name and its issues, once masked spans and brand words are set aside."""
    accepted = {word.casefold() for word in brand_words}
    masked, spans = mask(text)
    checker = checker or checker_for(language)
    kept = []
    for issue in checker.check(masked):
        if issue.end <= issue.start or overlaps(issue.start, issue.end, spans):
            continue
        problem = text[issue.start : issue.end]
        if not problem.strip():
            continue  # a checker complaining about the spaces masking left
        if _accepted(problem.strip(), accepted):
            continue
        kept.append(issue)
    return checker.name, kept


def check_spelling(
    text: str, languages: Iterable[str] = ("fr",), brand_words: Iterable[str] = ()
) -> list[Finding]:
    language = choose_language(text, languages)
    if language is None or not text.strip():
        return []
    name, issues = spelling_issues(text, language, brand_words)
    return [_finding(issue, text, name) for issue in issues]
