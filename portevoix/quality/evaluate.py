"""Precision and recall of each spelling checker on the labelled posts in `quality/data/`.

    .venv/bin/python -m portevoix.quality.evaluate

Each line of `data/spelling_<lang>*.jsonl` is a post and its marked errors (offsets, the wrong
text, the expected correction); clean posts have none. A finding counts as right when it
hits a marked error (overlaps it, or touches it across one space: `hits`); an error counts as
found when a finding hits it.

French has three sets: `spelling_fr.jsonl`, on which the first rules of
`spelling/french_rules.py` were made; `spelling_fr_heldout.jsonl`, written after them, whose
misses showed the kinds of error the later rules cover (written as general rules and tried
on Debian's French manual pages, `bench/french_corpus.py`, not on these posts); and
`spelling_fr_third.jsonl`, written before those later rules (first run 0.93 / 0.78); one
rule, the verb's agreement with its subject's noun, was added after that run and after seeing
its misses (docs/quality.md). The table shows each and all together.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data"
# What nlp.md measured on its own data: the floor our checkers must keep on ours.
TARGETS = {("fr", "grammalecte"): (0.91, 0.84), ("en", "harper"): (0.83, 0.67)}
SETS = {"fr": ("spelling_fr", "spelling_fr_heldout", "spelling_fr_third"), "en": ("spelling_en",)}
ALL = "all"


@dataclass(frozen=True)
class Score:
    language: str
    checker: str
    labelled: str  # which set: a file's name, or ALL
    posts: int
    errors: int
    findings: int
    right: int  # findings that overlap a marked error
    found: int  # marked errors that some finding overlaps
    seconds: float
    suggested: int = 0  # found errors whose expected correction is among the suggestions

    @property
    def precision(self) -> float:
        return self.right / self.findings if self.findings else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.errors if self.errors else 1.0

    @property
    def posts_per_second(self) -> float:
        return self.posts / self.seconds if self.seconds else float("inf")


def load_set(name: str) -> list[dict[str, Any]]:
    path = DATA / f"{name}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def load(language: str) -> list[dict[str, Any]]:
    """Every labelled post of `language`, all sets together."""
    return [post for name in SETS[language] for post in load_set(name)]


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def hits(text: str, finding: tuple[int, int], error: tuple[int, int]) -> bool:
    """A finding hits an error when it overlaps it or touches it across a single space.

    An agreement error has two sides ("les inscriptions [son] ouvertes"): a checker that
    flags the other word of the pair has found the problem, and the person will see it.
    """
    if _overlap(finding, error):
        return True
    gap = text[min(finding[1], error[1]) : max(finding[0], error[0])]
    return gap.isspace() and len(gap) <= 1


def checkers() -> dict[tuple[str, str], Callable[[], Any]]:
    from portevoix.quality.spelling import backends

    available: dict[tuple[str, str], Callable[[], Any]] = {}
    grammalecte = backends.import_grammalecte()
    if grammalecte is not None:
        available["fr", "grammalecte"] = lambda: backends.GrammalecteChecker(grammalecte)
    available["fr", "hunspell"] = lambda: backends.HunspellChecker("fr")
    available["en", "harper"] = backends.HarperChecker
    available["en", "hunspell"] = lambda: backends.HunspellChecker("en")
    return available


def score(
    language: str,
    name: str,
    checker: Any,
    *,
    timed: bool = True,
    labelled: str = ALL,
    seen: dict[str, list[Any]] | None = None,
) -> Score:
    """`seen` keeps each post's issues for the next set that holds it ("all")."""
    from portevoix.quality.spelling.check import spelling_issues

    posts = load(language) if labelled == ALL else load_set(labelled)
    seen = {} if seen is None else seen
    findings = right = found = suggested = errors = 0
    for post in posts:
        if post["text"] not in seen:
            seen[post["text"]] = spelling_issues(post["text"], language, checker=checker)[1]
    results = [seen[post["text"]] for post in posts]
    # Speed is timed on a second pass: a worker keeps its checkers warm (Harper's first pass
    # over new words is 30 times slower; bench/spelling.py shows both).
    started = time.perf_counter()
    for post in posts if timed else ():
        spelling_issues(post["text"], language, checker=checker)
    seconds = time.perf_counter() - started
    for post, issues in zip(posts, results, strict=True):
        marked = post["errors"]
        errors += len(marked)
        findings += len(issues)
        spans = [(issue.start, issue.end) for issue in issues]
        text = post["text"]
        right += sum(any(hits(text, s, (e["start"], e["end"])) for e in marked) for s in spans)
        for error in marked:
            span = (error["start"], error["end"])
            hit = [i for i in issues if hits(text, (i.start, i.end), span)]
            found += bool(hit)
            suggested += any(error["correction"] in i.suggestions for i in hit)
    return Score(
        language, name, labelled, len(posts), errors, findings, right, found, seconds, suggested
    )


def evaluate(*, timed: bool = True, only: set[tuple[str, str]] | None = None) -> list[Score]:
    scores = []
    for (language, name), build in checkers().items():
        if only is not None and (language, name) not in only:
            continue
        checker = build()
        checker.check("Warm-up.")  # the first call pays for lazy loading: not a post's cost
        sets = SETS[language]
        seen: dict[str, list[Any]] = {}
        for labelled in (*sets, ALL) if len(sets) > 1 else (ALL,):
            scores.append(score(language, name, checker, timed=timed, labelled=labelled, seen=seen))
    return scores


def table(scores: list[Score]) -> str:
    lines = [
        "| lang | checker | set | posts | errors | findings | precision | recall "
        "| right suggestion | posts/s |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for s in scores:
        lines.append(
            f"| {s.language} | {s.checker} | {s.labelled} | {s.posts} | {s.errors} | {s.findings} "
            f"| {s.precision:.2f} | {s.recall:.2f} | {s.suggested}/{s.found} "
            f"| {s.posts_per_second:,.0f} |"
        )
    return "\n".join(lines)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portevoix.settings")
    import django

    django.setup()
    print(table(evaluate()))


if __name__ == "__main__":
    main()
