"""The monitoring query language (veille) and the matcher of standing queries.

Pure Python (no models): the contract is /work/shared/design/query-language.md; the user docs are
docs/requetes-veille.md and docs/monitoring-queries.md.

Public API::

    from portevoix.listening.query import Document, Monitor, QueryError, parse

    node = parse('("café lumière" OR #cafelumiere) NOT emploi lang:fr')   # syntax tree
    # A refusal: QueryError with .column (1-based) and .message; str(err) is
    # "column 8: AND and OR mixed without parentheses" for `a OR b AND c`, or "colonne 8 : …" under
    # translation.override("fr").

    monitor = Monitor()
    monitor.add("q1", "cafe NEAR/3 lumiere")     # text (parsed, may raise QueryError) or a tree
    monitor.add("q1", "cafe lumiere")            # same id: replaces it (≤ 100 µs, no rebuild)
    monitor.remove("q1")                         # unknown ids are ignored
    len(monitor), "q1" in monitor

    doc = Document(text, title=…, lang="fr", author="@bob", url="https://…", source="rss")
    doc = Document.from_dict({"id", "title", "text", "lang", "author", "url", "source"})
    monitor.match(doc)          # -> set of query ids the document matches
    monitor.candidates(doc)     # -> the ids whose set checks pass (a superset of the matches)
    monitor.prefilter(doc)      # -> (sure, unsure): matched by set checks alone / left to check

    evaluate(node, doc)         # the naive reference evaluator (slow, obvious)

Build one `Document` per mention and match it against every brand's `Monitor` (or one Monitor
holding every brand's queries under ids such as `(brand_id, query_id)`): tokenising is the
largest fixed cost, so tokenise once. The text model itself is `portevoix.lib.textfold`.

How the Monitor is fast: `prefilter.py` turns each query into clauses checked with set
operations, `monitor.py` files them under their rarest key, `buckets.py` files a key's many
entries again by a second key, `compiler.py` is the exact check of what sets cannot decide.
`bench/match.py` measures it against `naive.py`.
"""

from .ast import And, Field, Near, Node, Not, Or, Phrase, Term
from .document import Document
from .errors import QueryError
from .monitor import Monitor
from .naive import evaluate
from .parser import parse

__all__ = [
    "And",
    "Document",
    "Field",
    "Monitor",
    "Near",
    "Node",
    "Not",
    "Or",
    "Phrase",
    "QueryError",
    "Term",
    "evaluate",
    "parse",
]
