"""What the tests of the French rules share: Grammalecte's lexicon, and our rules' findings."""

from __future__ import annotations

import pytest

from portevoix.quality.spelling import backends, french_rules
from portevoix.quality.spelling.french import GrammalecteLexicon


@pytest.fixture(scope="module")
def lexicon() -> GrammalecteLexicon:
    module = backends.import_grammalecte()
    assert module is not None, "install python3-grammalecte (make test-deps)"
    return backends.GrammalecteChecker(module)._lexicon


def flagged(text: str, lexicon: GrammalecteLexicon) -> dict[str, tuple[str, tuple[str, ...]]]:
    """{flagged text: (rule, suggestions)} for our rules alone, without Grammalecte's."""
    return {
        text[i.start : i.end]: (i.rule.removeprefix("porte-voix/"), i.suggestions)
        for i in french_rules.check_line(text, lexicon)
    }
