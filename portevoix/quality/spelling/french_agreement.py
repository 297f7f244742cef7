"""Agreement: participles and adjectives with their noun or subject."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _

from portevoix.quality.spelling.french_words import (
    ADVERBS,
    AVOIR,
    ETRE,
    Lexicon,
    Token,
    _agrees,
    _has,
    _is_verb,
    _issue,
    _next_word,
    _participles,
    _tags,
    _words,
    clause_start,
    subject_phrase,
)
from portevoix.quality.spelling.issue import Issue

# --- s'être occupé de… --------------------------------------------------------------------

# Verbs whose reflexive pronoun is the direct object, so that the participle agrees with the
# subject even when "de" follows ("elle s'est occupée de tout"); Grammalecte is silent there
# because of verbs such as "se permettre de", where it must not agree.
REFLEXIVE_DIRECT = _words(
    "occuper charger souvenir moquer apercevoir méfier emparer inspirer équiper munir nourrir "
    "lasser plaindre réjouir féliciter excuser contenter approcher éloigner séparer "
    "débarrasser inquiéter soucier préoccuper étonner entourer doter priver"
)
SUBJECT_AGREEMENT = {
    "elle": ("f", "s"),
    "elles": ("f", "p"),
    "ils": ("m", "p"),
    "nous": (None, "p"),
}


def reflexive_participle(tokens: list[Token], lexicon: Lexicon) -> Iterator[Issue]:
    for i in range(len(tokens) - 3):
        subject = tokens[i].norm
        if subject not in SUBJECT_AGREEMENT or tokens[i + 1].norm not in {"s'", "se", "nous"}:
            continue
        if subject == "nous" and tokens[i + 1].norm != "nous":
            continue
        if tokens[i + 2].norm not in ETRE:
            continue
        j = _next_word(tokens, i + 2, ADVERBS)
        if j is None:
            continue
        participles = _participles(lexicon, tokens[j].text)
        if not participles or not any(a.lemma in REFLEXIVE_DIRECT for a in participles):
            continue
        gender, number = SUBJECT_AGREEMENT[subject]
        if any(_agrees(a.tags, gender, number) for a in participles):
            continue
        wanted = f":{gender}:{number}" if gender else ":p"
        yield _issue(
            tokens[j],
            _("the participle agrees with “%(subject)s”.") % {"subject": tokens[i].text},
            lexicon.participle(tokens[j].text, wanted),
            "reflexive-participle",
        )


# --- cela ne serait possibles -------------------------------------------------------------


def neuter_subject_attribute(tokens: list[Token], lexicon: Lexicon) -> Iterator[Issue]:
    """ "cela", "ça", "rien" are singular: "rien de tout cela ne serait possible"."""
    for i in range(len(tokens) - 3):
        if tokens[i].norm not in {"cela", "ça", "ceci", "rien"}:
            continue
        if tokens[i + 1].norm not in {"ne", "n'"} or tokens[i + 2].norm not in ETRE:
            continue
        if not _has(lexicon, tokens[i + 2].text, "3s"):
            continue
        j = _next_word(tokens, i + 2, ADVERBS)
        if j is None:
            continue
        readings = _tags(lexicon, tokens[j].text)
        adjective = readings and all(("A" in tags and "p" in tags) for tags in readings)
        if not adjective:
            continue
        yield _issue(
            tokens[j],
            _("“%(subject)s” is singular: so is its attribute.") % {"subject": tokens[i].text},
            lexicon.singular(tokens[j].text),
            "neuter-attribute",
        )


# --- fait maison --------------------------------------------------------------------------

FAIT = {("m", "s"): "fait", ("f", "s"): "faite", ("m", "p"): "faits", ("f", "p"): "faites"}


def fait_maison(tokens: list[Token], lexicon: Lexicon) -> Iterator[Issue]:
    """ "Fait maison" agrees with its noun: "nos chaussons faits maison", "une tarte faite…"."""
    for i in range(1, len(tokens) - 1):
        token = tokens[i]
        if token.norm not in FAIT.values() or tokens[i + 1].norm != "maison":
            continue
        noun = tokens[i - 1]
        if not noun.is_word:
            continue
        # The noun's readings when it has one ("tarte" is also a colloquial adjective).
        readings = [t for t in _tags(lexicon, noun.text) if "N" in t] or [
            t for t in _tags(lexicon, noun.text) if "A" in t
        ]
        if not readings:
            continue
        expected = set()
        for tags in readings:
            numbers = {"s", "p"} & tags or {"s", "p"}
            genders = {"m", "f"} & tags or {"m", "f"}
            expected |= {FAIT[g, n] for g in genders for n in numbers}
        if token.norm in expected:
            continue
        yield _issue(
            token,
            _("“fait maison” agrees with “%(noun)s”.") % {"noun": noun.text},
            sorted(expected),
            "fait-maison",
        )


# --- merci à tous d'être venus ------------------------------------------------------------


def tous_d_etre(tokens: list[Token], lexicon: Lexicon) -> Iterator[Issue]:
    for i in range(len(tokens) - 3):
        if tokens[i].norm not in {"tous", "toutes"} or tokens[i + 1].norm not in {"d'", "de"}:
            continue
        j = i + 2
        while j < len(tokens) and tokens[j].norm in {"vous", "nous", "s'", "se"}:
            j += 1
        if j + 1 >= len(tokens) or tokens[j].norm != "être":
            continue
        participles = _participles(lexicon, tokens[j + 1].text)
        if not participles:
            continue
        gender = "f" if tokens[i].norm == "toutes" else "m"
        if any(_agrees(a.tags, gender, "p") for a in participles):
            continue
        yield _issue(
            tokens[j + 1],
            _("the participle agrees with “%(subject)s”.") % {"subject": tokens[i].text},
            lexicon.participle(tokens[j + 1].text, f":{gender}:p"),
            "tous-participle",
        )


# --- de belles rencontres ------------------------------------------------------------------

AFTER_NOUN = _words("pour à au aux de du des en dans sur avec chez ce cet cette ces qui que et ou")
# Adjectives that go before their noun. After "de", any other plural word is more likely a
# noun with a noun beside it ("de paires mot-clé=valeur").
BEFORE_NOUN = _words(
    "beau bon grand petit nouveau vieux jeune joli gros mauvais long meilleur premier dernier "
    "autre vrai nombreux magnifique superbe excellent merveilleux incroyable délicieux "
    "formidable sincère chaleureux énorme immense véritable multiple différent divers"
)


def de_adjective_noun(tokens: list[Token], lexicon: Lexicon) -> Iterator[Issue]:
    """ "de" + plural adjective + singular noun: "de belles rencontre." Grammalecte checks this
    after "les" and "plein de", not after a bare "de", since the noun may be read as a verb."""
    for i in range(len(tokens) - 2):
        if tokens[i].norm not in {"de", "d'"}:
            continue
        adjective, noun = tokens[i + 1], tokens[i + 2]
        if not (adjective.is_word and noun.is_word) or noun.text[:1].isupper():
            continue
        readings = lexicon.analyses(adjective.text)
        plural = [a for a in readings if "A" in a.tags and {"p", "i"} & a.tags]
        if not plural or len(plural) != len(readings):
            continue
        if not any(a.lemma in BEFORE_NOUN for a in plural):
            continue
        noun_tags = [t for t in _tags(lexicon, noun.text) if "N" in t]
        if not noun_tags or not all("s" in t for t in noun_tags):
            continue
        after = tokens[i + 3] if i + 3 < len(tokens) else None
        if after is not None and after.is_word and after.norm not in AFTER_NOUN:
            continue
        yield _issue(
            noun,
            _("“%(noun)s” agrees with “%(adjective)s”: plural.")
            % {"noun": noun.text, "adjective": adjective.text},
            lexicon.plural(noun.text),
            "de-adjective-noun",
        )


# --- nous les avons reçus -----------------------------------------------------------------


def les_avoir_participle(tokens: list[Token], lexicon: Lexicon) -> Iterator[Issue]:
    """The participle after "les" + "avoir" agrees with "les": "nous les avons reçus"."""
    for i in range(len(tokens) - 2):
        if tokens[i].norm != "les" or tokens[i + 1].norm not in AVOIR:
            continue
        j = _next_word(tokens, i + 1, ADVERBS)
        if j is None:
            continue
        # Right after "avoir", a word that can be a participle is one, even "vu" (also a
        # noun and a preposition), which Grammalecte leaves alone for that reason.
        participles = _participles(lexicon, tokens[j].text)
        if not participles:
            continue
        if any(_agrees(a.tags, None, "p") for a in participles):
            continue
        # "je les ai fait venir", "vu partir": before an infinitive the rule is not this one.
        after = _next_word(tokens, j)
        if after is not None and after == j + 1 and _has(lexicon, tokens[after].text, "Y"):
            continue
        yield _issue(
            tokens[j],
            _("the participle agrees with “les”, placed before “avoir”: plural."),
            lexicon.participle(tokens[j].text, ":p"),
            "les-participle",
        )


# --- la carte d'hiver est arrivée ---------------------------------------------------------

# Reflexive verbs whose "se" is an indirect object: their participle does not agree ("elles
# se sont parlé", "ils se sont permis de…" is "permis" for the subject only by chance).
INDIRECT_REFLEXIVE = _words(
    "parler téléphoner succéder plaire complaire déplaire mentir nuire rire sourire suffire "
    "ressembler convenir écrire dire demander permettre promettre offrir donner acheter "
    "accorder rendre"
)
AFTER_PARTICIPLE = _words("pour par de d' à au aux en dans sur avec chez depuis jusqu' dès")


def subject_attribute(tokens: list[Token], lexicon: Lexicon) -> Iterator[Issue]:
    """The participle or adjective after "être" agrees with the subject's noun, not with its
    complement: "Notre carte d'hiver est arrivée", "Le gagnant du concours sera tiré",
    "Nos équipes se sont mobilisées". Grammalecte reads the nearest noun, or nothing, there."""
    for start in range(len(tokens)):
        if not clause_start(tokens, start):
            continue
        subject = subject_phrase(tokens, start, lexicon)
        if subject is None:
            continue
        j = _next_word(tokens, subject.end - 1, frozenset({"ne", "n'"}))
        reflexive = j is not None and tokens[j].norm in {"se", "s'"}
        if reflexive and j is not None:
            j += 1
        if j is None or j >= len(tokens):
            continue
        verb = tokens[j]
        if verb.norm in AVOIR and j + 1 < len(tokens) and tokens[j + 1].norm == "été":
            j += 1
        elif verb.norm not in ETRE:
            continue
        person = "3s" if subject.number == "s" else "3p"
        # Grammalecte writes "3p!" for "sont", whose 3p is not shared with another person.
        if not any(tag.startswith(person) for tags in _tags(lexicon, verb.text) for tag in tags):
            continue  # the verb does not agree with this noun: its subject is another
        k = _next_word(tokens, j, ADVERBS | frozenset({"pas", "très", "si", "trop", "enfin"}))
        if k is None:
            continue
        readings = _tags(lexicon, tokens[k].text)
        attributes = [t for t in readings if {"A", "Q"} & t]
        if not attributes or (
            any("N" in t for t in readings) and not _participles(lexicon, tokens[k].text)
        ):
            continue
        if any(_agrees(t, subject.gender, subject.number) for t in attributes):
            continue
        if reflexive:
            after = tokens[k + 1] if k + 1 < len(tokens) else None
            lemmas = {a.lemma for a in _participles(lexicon, tokens[k].text)}
            if not lemmas or lemmas & INDIRECT_REFLEXIVE:
                continue
            if after is not None and after.is_word and after.norm not in AFTER_PARTICIPLE:
                continue  # "ils se sont offert un voyage": a direct object follows
        wanted = f":{subject.gender}:{subject.number}" if subject.gender else f":{subject.number}"
        if _participles(lexicon, tokens[k].text):
            suggestions = lexicon.participle(tokens[k].text, wanted)
        elif subject.number == "p":
            suggestions = lexicon.plural(tokens[k].text)
        else:
            suggestions = lexicon.singular(tokens[k].text)
        yield _issue(
            tokens[k],
            _("“%(word)s” agrees with “%(noun)s”, the subject.")
            % {"word": tokens[k].text, "noun": tokens[subject.head].text},
            suggestions,
            "subject-attribute",
        )


# --- les cours du samedi reprennent -------------------------------------------------------

TENSES = ("Ip", "Iq", "If", "Is", "K", "Sp", "Sq")
BEFORE_VERB = _words("ne n' nous vous le la l' les lui leur y en me m' te t' se s'")


def subject_verb(tokens: list[Token], lexicon: Lexicon) -> Iterator[Issue]:
    """The verb agrees with the subject's noun, not with its complement or an object
    pronoun: "Les cours de yoga du samedi reprennent", "Une grosse journée nous attend"."""
    for start in range(len(tokens)):
        if not clause_start(tokens, start):
            continue
        subject = subject_phrase(tokens, start, lexicon)
        if subject is None:
            continue
        j = subject.end
        while j < len(tokens) and tokens[j].norm in BEFORE_VERB:
            j += 1
        if j >= len(tokens) or not tokens[j].is_word:
            continue
        readings = _tags(lexicon, tokens[j].text)
        if not readings or not all(_is_verb(t) and {*TENSES, "E"} & t for t in readings):
            continue
        persons = {tag[:2] for t in readings for tag in t if tag[:1] in "123"}
        person = "3s" if subject.number == "s" else "3p"
        if person in persons:
            continue
        pronouns = {t.norm for t in tokens[subject.end : j]}
        # "La semaine prochaine nous partons": a time at the head, "nous" the subject.
        if ("nous" in pronouns and "1p" in persons) or ("vous" in pronouns and "2p" in persons):
            continue
        tense = next((tag for t in readings for tag in TENSES if tag in t), None)
        if tense is None:
            continue
        yield _issue(
            tokens[j],
            _("the verb agrees with “%(noun)s”, its subject.")
            % {"noun": tokens[subject.head].text},
            lexicon.conjugate(tokens[j].text, f":{tense}", f":{person}"),
            "subject-verb",
        )
