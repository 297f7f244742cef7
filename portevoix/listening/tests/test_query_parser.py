import pytest
from django.utils import translation

from portevoix.listening.query import And, Field, Near, Not, Or, Phrase, QueryError, Term, parse


def t(text: str, column: int, **kw) -> Term:
    return Term(text, column, **kw)


def test_it_parses_a_term_folded():
    assert parse("Café") == t("cafe", 1)


def test_it_parses_hashtags_and_handles():
    assert parse("#Café @Lumière") == And((t("#cafe", 1), t("@lumiere", 7)), 1)


def test_it_parses_a_quoted_phrase():
    assert parse('"café lumière"') == Phrase((t("cafe", 1), t("lumiere", 1)), 1)


def test_it_turns_a_split_word_into_a_phrase():
    assert parse("Saint-Laurent") == Phrase((t("saint", 1), t("laurent", 1)), 1)
    assert parse("l’entreprise") == Phrase((t("l", 1), t("entreprise", 1)), 1)


def test_it_parses_wildcards():
    assert parse("lumi*") == t("lumi*", 1, wildcard=True)
    assert parse("caf?") == t("caf?", 1, wildcard=True)
    assert parse('"cafe lumi*"') == Phrase((t("cafe", 1), t("lumi*", 1, wildcard=True)), 1)


def test_it_reads_juxtaposition_and_and_as_and():
    assert parse("a b") == And((t("a", 1), t("b", 3)), 1)
    three = parse("a b c")
    assert isinstance(three, And) and len(three.children) == 3
    assert parse("a AND b") == And((t("a", 1), t("b", 7)), 1)


def test_it_parses_or():
    assert parse("a OR b OR c") == Or((t("a", 1), t("b", 6), t("c", 11)), 1)


def test_it_parses_the_three_negations():
    expected = And((t("a", 1), Not(t("b", 7), 3)), 1)
    assert parse("a NOT b") == expected
    assert parse("a AND NOT b") == And((t("a", 1), Not(t("b", 11), 7)), 1)
    assert parse("a -b") == And((t("a", 1), Not(t("b", 4), 3)), 1)


def test_it_negates_a_field_filter_with_a_dash():
    assert parse("a -site:x.com") == And((t("a", 1), Not(Field("site", "x.com", 4), 3)), 1)


def test_it_parses_near_unordered_and_ordered():
    assert parse("a NEAR/3 b") == Near(t("a", 1), t("b", 10), 3, False, 1)
    assert parse("a NEAR/5f b") == Near(t("a", 1), t("b", 11), 5, True, 1)


def test_it_accepts_or_groups_and_phrases_as_near_operands():
    node = parse('(a OR "b c") NEAR/2 d')
    assert isinstance(node, Near) and isinstance(node.left, Or)


def test_it_binds_not_tighter_than_near_and_near_tighter_than_and():
    node = parse("x a NEAR/2 b")
    assert node == And((t("x", 1), Near(t("a", 3), t("b", 12), 2, False, 3)), 1)


def test_it_accepts_or_inside_parentheses_beside_and():
    node = parse("a OR (b AND c)")
    assert node == Or((t("a", 1), And((t("b", 7), t("c", 13)), 7)), 1)


def test_it_treats_lower_case_operators_as_words():
    assert parse("a and b or not near") == And(
        (t("a", 1), t("and", 3), t("b", 7), t("or", 9), t("not", 12), t("near", 16)), 1
    )


def test_it_parses_the_fields():
    assert parse("lang:FR") == Field("lang", "fr", 1)
    assert parse("author:@Élodie") == Field("author", "elodie", 1)
    assert parse('author:"Jean  Dupont"') == Field("author", "jean dupont", 1)
    assert parse("site:Example.COM") == Field("site", "example.com", 1)
    assert parse("source:RSS") == Field("source", "rss", 1)
    assert parse("raw:Café") == t("Café", 1, raw=True)
    assert parse('raw:"Café Lumière"') == Phrase(
        (t("Café", 1, raw=True), t("Lumière", 1, raw=True)), 1
    )


def test_it_parses_the_spec_examples():
    for query in (
        '("café lumière" OR @cafelumiere OR #cafelumiere) NOT (emploi OR recrutement) lang:fr',
        "(lumiere OR lumière) NEAR/3 (cafe OR café OR torréfacteur)",
        '"service client" NEAR/5f (nul OR horrible OR "jamais plus") -site:cafelumiere.ca',
    ):
        assert parse(query)


REFUSALS = [
    # query, column, English, French
    (
        "a OR b AND c",
        8,
        "AND and OR mixed without parentheses",
        "« AND » et « OR » mélangés sans parenthèses",
    ),
    (
        "a AND b OR c",
        9,
        "AND and OR mixed without parentheses",
        "« AND » et « OR » mélangés sans parenthèses",
    ),
    (
        "a OR b c",
        8,
        "AND and OR mixed without parentheses",
        "« AND » et « OR » mélangés sans parenthèses",
    ),
    (
        "a NOT b OR c",
        9,
        "AND and OR mixed without parentheses",
        "« AND » et « OR » mélangés sans parenthèses",
    ),
    ("", 1, "empty query", "requête vide"),
    ("   ", 1, "empty query", "requête vide"),
    ("NOT a", 1, "the query has only negative clauses", "la requête n’a que des clauses négatives"),
    ("-a -b", 1, "the query has only negative clauses", "la requête n’a que des clauses négatives"),
    (
        "x (a",
        3,
        "parenthesis opened here is never closed",
        "parenthèse ouverte ici et jamais fermée",
    ),
    (
        "a) b",
        2,
        "closing parenthesis without an opening one",
        "parenthèse fermante sans parenthèse ouvrante",
    ),
    ("a ()", 3, "empty parentheses", "parenthèses vides"),
    ('a "b c', 3, "quote opened here is never closed", "guillemet ouvert ici et jamais fermé"),
    ('a ""', 3, "empty phrase", "expression vide"),
    ("a foo:bar", 3, "unknown field “foo”", "champ inconnu « foo »"),
    ("a lang:", 3, "lang:: needs a value", "lang: : il manque une valeur"),
    (
        "lang:french",
        1,
        "lang: expects a two-letter language code",
        "lang: attend un code de langue",
    ),
    ("site:not_a_host", 1, "site: expects a host name", "site: attend un nom d’hôte"),
    ("source:@@", 1, "source: expects a source kind", "source: attend un type de source"),
    ("a NEAR b", 3, "NEAR needs a distance, like NEAR/5", "« NEAR » demande une distance"),
    (
        "a NEAR/0 b",
        3,
        "the distance of NEAR must be from 1 to 20",
        "la distance de « NEAR » doit aller de 1 à 20",
    ),
    (
        "a NEAR/21 b",
        3,
        "the distance of NEAR must be from 1 to 20",
        "la distance de « NEAR » doit aller de 1 à 20",
    ),
    ("a NEAR/3 b NEAR/2 c", 12, "the sides of NEAR must be terms", "de chaque côté de « NEAR »"),
    ("(a b) NEAR/3 c", 2, "the sides of NEAR must be terms", "de chaque côté de « NEAR »"),
    ("a NEAR/3 lang:fr", 10, "the sides of NEAR must be terms", "de chaque côté de « NEAR »"),
    ("a NEAR/3 -b", 10, "the sides of NEAR must be terms", "de chaque côté de « NEAR »"),
    (
        "ca*",
        1,
        "“ca*”: at least 3 characters before a wildcard",
        "« ca* » : au moins 3 caractères avant un joker",
    ),
    (
        "a #ca?",
        3,
        "“#ca?”: at least 3 characters before a wildcard",
        "« #ca? » : au moins 3 caractères avant un joker",
    ),
    ("raw:Caf*", 1, "raw: takes no wildcard", "raw: n’accepte pas de joker"),
    ("a !!!", 3, "“!!!” contains no word", "« !!! » ne contient aucun mot"),
    ("AND a", 1, "AND needs a term before it", "« AND » doit être précédé d’un terme"),
    ("a OR", 3, "OR needs a term after it", "« OR » doit être suivi d’un terme"),
    ("a AND OR b", 3, "AND needs a term after it", "« AND » doit être suivi d’un terme"),
    ("a NOT", 3, "NOT needs a term after it", "« NOT » doit être suivi d’un terme"),
]


@pytest.mark.parametrize(("query", "column", "english", "french"), REFUSALS)
def test_it_refuses_with_a_column_in_both_languages(query, column, english, french):
    with pytest.raises(QueryError) as refused:
        parse(query)
    assert refused.value.column == column
    with translation.override("en"):
        assert str(refused.value).startswith(f"column {column}: {english}")
    with translation.override("fr"):
        assert str(refused.value).startswith(
            f"colonne {column} : {french}".replace("« ", "«\u00a0").replace(" »", "\u00a0»")
        )


def test_it_renders_the_spec_message_exactly():
    with pytest.raises(QueryError) as refused:
        parse("a OR b AND c")
    with translation.override("fr"):
        assert (
            str(refused.value)
            == "colonne 8 : «\u00a0AND\u00a0» et «\u00a0OR\u00a0» mélangés sans parenthèses"
        )
    with translation.override("en"):
        assert str(refused.value) == "column 8: AND and OR mixed without parentheses"
        assert refused.value.message == "AND and OR mixed without parentheses"


def test_it_refuses_queries_over_4096_characters():
    parse("a" * 4096)
    with pytest.raises(QueryError) as refused:
        parse("a" * 4097)
    assert refused.value.column == 4097


def test_it_refuses_more_than_300_terms():
    parse(" ".join(["w"] * 300))
    with pytest.raises(QueryError) as refused:
        parse(" ".join(["w"] * 301))
    assert refused.value.column == 601
    with pytest.raises(QueryError):
        parse('"' + " ".join(["w"] * 301) + '"')  # phrase tokens count too


def test_it_refuses_more_than_20_wildcards():
    parse(" OR ".join(["abc*"] * 20))
    with pytest.raises(QueryError) as refused:
        parse(" OR ".join(["abc*"] * 21))
    assert refused.value.column == 1 + 8 * 20


def test_it_accepts_a_negation_beside_a_positive_clause():
    assert parse("a OR -b")
    assert parse("lang:fr -a")
