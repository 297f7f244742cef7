"""Speed of the spell checkers (and of the X length) on the labelled posts.

    .venv/bin/python -m bench spelling

Each checker is timed cold (its first pass over the posts, in a fresh object) and warm (the
same posts again, as a long-running worker sees them), in posts per second on one core. The
baseline, run beside them in the same process, is `parse_x` (the X length of each post), so
that the ratios stay meaningful on a machine shared with other work.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable


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
    from portevoix.quality.spelling.check import spelling_issues

    texts = {lang: [post["text"] for post in evaluate.load(lang)] for lang in ("fr", "en")}
    every = texts["fr"] + texts["en"]
    parse_x(every[0])  # compiles the link pattern once
    baseline = rate(parse_x, every, repeat=5)
    print(f"baseline parse_x: {baseline:,.0f} posts/s")
    print("| lang | checker | load s | cold posts/s | warm posts/s | warm ÷ baseline |")
    print("| --- | --- | --- | --- | --- | --- |")
    for (language, name), build in evaluate.checkers().items():
        started = time.perf_counter()
        checker = build()
        checker.check("Warm-up.")
        load = time.perf_counter() - started
        posts = texts[language]

        def check(text: str, checker: object = checker, language: str = language) -> object:
            return spelling_issues(text, language, checker=checker)

        cold = rate(check, posts)
        warm = rate(check, posts, repeat=2)
        print(
            f"| {language} | {name} | {load:.2f} | {cold:,.0f} | {warm:,.0f} "
            f"| {warm / baseline:.3f} |"
        )


if __name__ == "__main__":
    main()
