"""`QueryError`: why a query is refused and where, rendered in the reader's language.

The message is kept untranslated with its parameters and rendered on demand, so one refusal can
be shown in French to one user and in English to another (`translation.override`).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext, gettext_noop


class QueryError(ValueError):
    """A refused query. `column` is 1-based; `message` and `str()` use the active language."""

    def __init__(self, template: str, column: int, **params: Any) -> None:
        self.template = template
        self.column = column
        self.params = params
        super().__init__(template % params if params else template)

    @property
    def message(self) -> str:
        """What is wrong, without the column, in the active language."""
        text = gettext(self.template)
        return text % self.params if self.params else text

    def __str__(self) -> str:
        return gettext("column %(column)s: %(message)s") % {
            "column": self.column,
            "message": self.message,
        }


# Every refusal, in one place so that the docs and the translators see the whole list.
# gettext_noop marks them for `makemessages`; QueryError translates at rendering time.
EMPTY = gettext_noop("empty query")
TOO_LONG = gettext_noop("the query is longer than %(max)s characters")
TOO_MANY_TERMS = gettext_noop("more than %(max)s terms")
TOO_MANY_WILDCARDS = gettext_noop("more than %(max)s wildcards")
SHORT_WILDCARD = gettext_noop("“%(word)s”: at least 3 characters before a wildcard")
RAW_WILDCARD = gettext_noop("raw: takes no wildcard")
NO_WORD = gettext_noop("“%(word)s” contains no word (punctuation and emojis are not searched)")
MIXED = gettext_noop("AND and OR mixed without parentheses")
UNCLOSED_PAREN = gettext_noop("parenthesis opened here is never closed")
UNOPENED_PAREN = gettext_noop("closing parenthesis without an opening one")
EMPTY_PARENS = gettext_noop("empty parentheses")
UNCLOSED_QUOTE = gettext_noop("quote opened here is never closed")
EMPTY_PHRASE = gettext_noop("empty phrase")
UNKNOWN_FIELD = gettext_noop("unknown field “%(field)s” (fields: raw, lang, author, site, source)")
FIELD_NO_VALUE = gettext_noop("%(field)s: needs a value")
BAD_LANG = gettext_noop("lang: expects a two-letter language code (ISO 639-1), like lang:fr")
BAD_SITE = gettext_noop("site: expects a host name, like site:example.com")
BAD_SOURCE = gettext_noop("source: expects a source kind, like source:rss")
NEAR_NO_DISTANCE = gettext_noop("NEAR needs a distance, like NEAR/5")
NEAR_DISTANCE = gettext_noop("the distance of NEAR must be from 1 to %(max)s")
NEAR_OPERAND = gettext_noop(
    "the sides of NEAR must be terms, phrases, wildcards or ( … OR … ) groups of those"
)
OPERATOR_BEFORE = gettext_noop("%(op)s needs a term before it")
OPERATOR_AFTER = gettext_noop("%(op)s needs a term after it")
ONLY_NEGATIVE = gettext_noop(
    "the query has only negative clauses: say what to look for, not only what to leave out"
)
