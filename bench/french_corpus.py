"""False alarms of our French rules on correct French: Debian's French manual pages.

    .venv/bin/python -m bench french_corpus

Each page under /usr/share/man/fr is rendered by `man` (as a person reads it), cut into
paragraphs, and every rule of `french_rules` runs over each paragraph alone (not
Grammalecte's, which are not ours to tune). The pages are edited, translated French: nearly
every word a rule flags there is a false alarm, so each flagged word is printed for a person
to judge. Without the pages (`apt-get install manpages-fr`) it says so and stops.
"""

from __future__ import annotations

import collections
import os
import shutil
import subprocess
import time
from pathlib import Path

import regex

PAGES = Path("/usr/share/man/fr")
MAN = shutil.which("man") or "/usr/bin/man"


def paragraphs() -> list[str]:
    found: dict[str, None] = {}
    environment = {**os.environ, "MANWIDTH": "5000", "LANG": "C.UTF-8"}
    for page in sorted(p for p in PAGES.glob("*/*") if p.is_file()):
        # Our own command on the system's pages: nothing untrusted reaches it.
        shown = subprocess.run(  # noqa: S603
            [MAN, "-l", str(page)], capture_output=True, env=environment, check=False
        ).stdout.decode("utf-8", "replace")
        shown = regex.sub(r".\x08", "", shown)  # bold and underline as overstrikes
        for block in regex.split(r"\n\s*\n", shown):
            text = " ".join(line.strip() for line in block.splitlines() if line.strip())
            letters = sum(c.isalpha() for c in text)
            if len(text.split()) >= 4 and letters > 0.6 * len(text):
                found[text] = None
    return list(found)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portevoix.settings")
    import django

    django.setup()
    from portevoix.quality.spelling import backends, french_rules

    module = backends.import_grammalecte()
    if module is None or not PAGES.is_dir():
        print("needs python3-grammalecte and French manual pages under /usr/share/man/fr")
        return
    lexicon = backends.GrammalecteChecker(module)._lexicon
    texts = paragraphs()
    by_rule: collections.Counter[str] = collections.Counter()
    started = time.process_time()
    for text in texts:
        for line in text.split("\n"):
            for issue in french_rules.check_line(line, lexicon):
                by_rule[issue.rule] += 1
                context = line[max(0, issue.start - 50) : issue.end + 30]
                print(f"  {issue.rule}: [{line[issue.start : issue.end]}] …{context}…")
    seconds = time.process_time() - started
    print(f"{len(texts)} paragraphs, {sum(by_rule.values())} words flagged: {dict(by_rule)}")
    print(f"rules alone: {len(texts) / seconds:,.0f} paragraphs/s (CPU)")
