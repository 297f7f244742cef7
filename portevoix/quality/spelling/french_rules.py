"""French confusions that Grammalecte 2.1.2 lets through, checked after it.

Grammalecte leaves alone what it cannot decide from the words around, and some of those
cases are frequent in social posts: "Merci a nos partenaires", "Si vous aurez des questions",
"Elle s'est occupé de…", "Notre terrasse et enfin ouverte", "La carte d'hiver est arrivé",
"Vous pouvez commandez". Each rule is a pattern on the words of one line, with the guard that
keeps it quiet on the correct sentences it resembles; they live by family (`french_confusions`,
`french_agreement`, `french_verbs`, on the words of `french_words`), each has its test
(tests/test_french_*.py), their false alarms are counted on Debian's French manual pages
(bench/french_corpus.py) and their precision and recall on the labelled posts
(portevoix/quality/evaluate.py).

Words are read with Grammalecte's own lexicon (`Lexicon`: analyses, and its functions that
inflect a word for the suggestions), so the rules run only where Grammalecte is installed.

To add a rule: a function `(tokens, lexicon) -> Iterator[Issue]` in `RULES`, with a test of
the error it catches and of the correct sentences it must not flag.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from portevoix.quality.spelling import french_agreement as agreement
from portevoix.quality.spelling import french_confusions as confusions
from portevoix.quality.spelling import french_verbs as verbs
from portevoix.quality.spelling.french_words import Analysis, Lexicon, Token, tokenize
from portevoix.quality.spelling.issue import Issue

__all__ = ["RULES", "Analysis", "Lexicon", "Token", "check_line", "tokenize"]

Rule = Callable[[list[Token], Lexicon], Iterator[Issue]]
RULES: tuple[Rule, ...] = (
    confusions.a_for_a_grave,
    confusions.ou_for_where,
    verbs.si_with_future,
    agreement.reflexive_participle,
    agreement.neuter_subject_attribute,
    agreement.fait_maison,
    verbs.avoir_besoin,
    agreement.tous_d_etre,
    agreement.de_adjective_noun,
    confusions.ont_for_on,
    agreement.les_avoir_participle,
    confusions.et_for_est,
    agreement.subject_attribute,
    agreement.subject_verb,
    verbs.infinitive_after_verb,
    verbs.infinitive_for_conjugated,
    verbs.infinitive_for_imperative,
)


def check_line(line: str, lexicon: Lexicon) -> list[Issue]:
    tokens = tokenize(line)
    return [issue for rule in RULES for issue in rule(tokens, lexicon)]
