"""The examples of query-language.md, on documents, through the engine and the naive evaluator."""

import pytest

from portevoix.listening.query import Document, Monitor, evaluate, parse

CASES = [
    # query, document fields, expected
    ("cafe", {"text": "Un #café ce matin"}, True),
    ("cafe", {"text": "merci @Cafe"}, True),
    ("#cafe", {"text": "un café"}, False),
    ("#cafe", {"text": "un #Café"}, True),
    ("@cafe", {"text": "un #café"}, False),
    ("medias", {"text": "Les Médias"}, True),
    ("médias", {"text": "les medias"}, True),
    ('"cafe lumiere"', {"text": "Le Café-Lumière"}, True),
    ('"cafe lumiere"', {"text": "#café lumière"}, True),
    ('"cafe lumiere"', {"text": "lumière café"}, False),
    ('"cafe lumiere"', {"title": "Café", "text": "Lumière"}, True),  # title then body, one sequence
    ("l’entreprise", {"text": "l'entreprise"}, True),
    ("Saint-Laurent", {"text": "saint laurent"}, True),
    ("lumi*", {"text": "Lumière"}, True),
    ("lumi*", {"text": "#lumineux"}, True),
    ("lumi*", {"text": "illumine"}, False),
    ("#lumi*", {"text": "lumineux"}, False),
    ("caf?", {"text": "café"}, True),
    ("caf?", {"text": "cafés"}, False),
    ("a NOT b", {"text": "a"}, True),
    ("a NOT b", {"text": "a b"}, False),
    ("apple NEAR/2 juice", {"text": "apple orange juice"}, True),
    ("apple NEAR/1 juice", {"text": "apple orange juice"}, False),
    ("apple NEAR/2 juice", {"text": "juice orange apple"}, True),
    ("apple NEAR/2f juice", {"text": "juice orange apple"}, False),
    ("apple NEAR/2f juice", {"text": "apple orange juice"}, True),
    ("cafe NEAR/3 cafe", {"text": "cafe"}, False),  # the two sides match different tokens
    ("cafe NEAR/3 cafe", {"text": "cafe noir cafe"}, True),
    ('"service client" NEAR/1 nul', {"text": "service client nul"}, True),
    ("raw:Café", {"text": "café"}, False),
    ("raw:Café", {"text": "Café"}, True),
    ("raw:Café", {"text": "#Café"}, True),
    ("lang:fr", {"text": "x", "lang": "fr-CA"}, True),
    ("lang:fr", {"text": "x", "lang": "en"}, False),
    ("author:bob", {"text": "x", "author": "@Bob@mastodon.social"}, True),
    ('author:"élodie roy"', {"text": "x", "author": "Elodie Roy"}, True),
    ("site:example.com", {"text": "x", "url": "https://blog.example.com/a"}, True),
    ("site:example.com", {"text": "x", "url": "https://notexample.com/a"}, False),
    ("cafe -site:x.com", {"text": "cafe", "url": "https://x.com/a"}, False),
    ("source:rss", {"text": "x", "source": "RSS"}, True),
    ("a OR -b", {"text": "rien"}, True),
    (
        '("café lumière" OR @cafelumiere OR #cafelumiere) NOT (emploi OR recrutement) lang:fr',
        {"text": "J’adore le Café Lumière!", "lang": "fr"},
        True,
    ),
    (
        '("café lumière" OR @cafelumiere OR #cafelumiere) NOT (emploi OR recrutement) lang:fr',
        {"text": "#CafeLumiere recrutement", "lang": "fr"},
        False,
    ),
    (
        "(lumiere OR lumière) NEAR/3 (cafe OR café OR torréfacteur)",
        {"text": "la Lumière du grand torréfacteur"},
        True,
    ),
    (
        '"service client" NEAR/5f (nul OR horrible OR "jamais plus") -site:cafelumiere.ca',
        {"text": "Le service client : jamais plus!", "url": "https://forum.exemple.fr/t/1"},
        True,
    ),
    (
        '"service client" NEAR/5f (nul OR horrible OR "jamais plus") -site:cafelumiere.ca',
        {"text": "Le service client : jamais plus!", "url": "https://www.cafelumiere.ca/blog"},
        False,
    ),
]


@pytest.mark.parametrize(("query", "fields", "expected"), CASES)
def test_it_matches_the_documented_examples(query, fields, expected):
    doc = Document.from_dict(fields)
    assert evaluate(parse(query), doc) is expected
    monitor = Monitor()
    monitor.add("q", query)
    assert monitor.match(Document.from_dict(fields)) == ({"q"} if expected else set())
