"""The presearcher: the set checks a document must pass before a query is a candidate."""

from portevoix.listening.query import Document, Monitor, parse
from portevoix.listening.query.document import field_key
from portevoix.listening.query.prefilter import MAX_PRODUCT, clauses


def only(text):
    (clause,) = clauses(parse(text))
    return clause


def test_it_needs_every_word_of_an_and_and_avoids_the_excluded_ones():
    clause = only("cafe lumiere -emploi -(stage OR offre) lang:fr")
    assert clause.need == {"cafe", "lumiere", field_key("lang", "fr")}
    assert clause.avoid == {"emploi", "stage", "offre"}
    assert clause.sure  # set checks decide it: no exact evaluation


def test_it_keeps_an_or_of_words_whole_inside_an_and():
    clause = only("cafe (service OR prix OR qualité)")
    assert clause.need == {"cafe"} and clause.any_of == {frozenset({"service", "prix", "qualite"})}
    assert clause.sure


def test_it_treats_a_plain_word_and_its_hashtag_as_one_need():
    assert only("(cafe OR #cafe) lumiere").need == {"cafe", "lumiere"}


def test_it_leaves_positions_to_the_exact_check():
    assert not only('"cafe lumiere"').sure
    assert not only("cafe NEAR/3 lumiere").sure
    assert not only("raw:Café").sure
    assert not only("caf?").sure
    assert only("caf*").sure and only("caf*").prefixes == {"caf"}
    assert not only('cafe -"lumiere noire"').sure  # NOT of a phrase: not a set check


def test_it_gives_one_clause_per_branch_of_an_or():
    found = clauses(parse('("cafe lumiere" OR #cafelumiere) -emploi'))
    assert {(c.need, c.sure) for c in found} == {
        (frozenset({"cafe", "lumiere"}), False),
        (frozenset({"#cafelumiere"}), True),
    }
    assert all(c.avoid == {"emploi"} for c in found)


def test_it_bounds_the_clauses_of_an_and_of_ors():
    text = " ".join(f'("a{i} b{i}" OR c{i})' for i in range(8))  # 2**8 if multiplied out
    found = clauses(parse(text))
    assert 1 <= len(found) <= MAX_PRODUCT and not any(c.sure for c in found)


def test_it_drops_what_no_document_can_match():
    assert clauses(parse("cafe -cafe")) == []


def test_it_makes_no_candidate_of_a_document_holding_part_of_a_query():
    monitor = Monitor()
    monitor.add("q", '"cafe lumiere" lang:fr -emploi')
    assert monitor.candidates(Document("un café", lang="fr")) == set()
    assert monitor.candidates(Document("café lumière, emploi", lang="fr")) == set()
    assert monitor.prefilter(Document("lumière café", lang="fr")) == (set(), {"q"})
    assert monitor.match(Document("lumière café", lang="fr")) == set()
    assert monitor.match(Document("café lumière", lang="fr")) == {"q"}
