"""Speed of the spell checkers (and of the X length) on the labelled posts.

    .venv/bin/python -m bench spelling

Each checker is timed cold (its first pass over the posts, in a fresh object) and warm (the
same posts again, as a long-running worker sees them), in posts per second on one core. The
baseline, run beside them in the same process, is `parse_x` (the X length of each post), so
that the ratios stay meaningful on a machine shared with other work. "grammalecte alone" is
Grammalecte as Debian ships it, with the same options and nothing of ours (no masking, no
lexicon, no rules): what nlp.md's 190 posts/s measured, and what our French checker costs
beside it.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Any


class BareGrammalecte:
    def __init__(self, module: Any) -> None:
        from portevoix.quality.spelling.french import GRAMMALECTE_OFF

        self._checker = module.GrammarChecker("fr")
        for option in GRAMMALECTE_OFF:
            self._checker.getGCEngine().setOption(option, False)

    def check(self, text: str) -> object:
        return [
            self._checker.getParagraphErrors(line, bSpellSugg=True) for line in text.split("\n")
        ]


def rate(function: Callable[[str], object], posts: list[str], repeat: int = 1) -> float:
    started = time.perf_counter()
    for _ in range(repeat):
        for post in posts:
            function(post)
    return repeat * len(posts) / (time.perf_counter() - started)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portevoix.settings")
    import django

    django.setup()
    from portevoix.connectors.counting import parse_x
    from portevoix.quality import evaluate
    from portevoix.quality.spelling import backends
    from portevoix.quality.spelling.check import spelling_issues

    texts = {lang: [post["text"] for post in evaluate.load(lang)] for lang in ("fr", "en")}
    every = texts["fr"] + texts["en"]
    parse_x(every[0])  # compiles the link pattern once
    baseline = rate(parse_x, every, repeat=5)
    print(f"baseline parse_x: {baseline:,.0f} posts/s")
    print("| lang | checker | load s | cold posts/s | warm posts/s | warm ÷ baseline |")
    print("| --- | --- | --- | --- | --- | --- |")
    builders = dict(evaluate.checkers())
    grammalecte = backends.import_grammalecte()
    if grammalecte is not None:
        builders["fr", "grammalecte alone"] = lambda: BareGrammalecte(grammalecte)
    for (language, name), build in sorted(builders.items()):
        started = time.perf_counter()
        checker = build()
        checker.check("Warm-up.")
        load = time.perf_counter() - started
        posts = texts[language]

        def check(text: str, checker: Any = checker, language: str = language) -> object:
            if isinstance(checker, BareGrammalecte):
                return checker.check(text)
            return spelling_issues(text, language, checker=checker)

        cold = rate(check, posts)
        warm = rate(check, posts, repeat=2)
        print(
            f"| {language} | {name} | {load:.2f} | {cold:,.0f} | {warm:,.0f} "
            f"| {warm / baseline:.3f} |"
        )


if __name__ == "__main__":
    main()
