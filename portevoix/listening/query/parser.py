"""`parse(text) -> Node`: the monitoring query language (query-language.md) into a syntax tree.

A hand-written lexer and recursive-descent parser, because every refusal must carry its column.
Levels, from the tightest: `NOT`/`-`, `NEAR/n`, `AND` (and juxtaposition), `OR`; mixing `AND`
and `OR` in one parenthesised level is refused rather than given a precedence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from portevoix.lib.textfold import strip_marker, tokenize_pattern

from . import errors as e
from .ast import FIELDS, And, Field, Near, Node, Not, Or, Phrase, Term
from .errors import QueryError
from .fields import normalise_author, normalise_host, normalise_lang, normalise_source

MAX_LENGTH = 4096
MAX_TERMS = 300
MAX_WILDCARDS = 20
MAX_NEAR = 20
MIN_WILDCARD_PREFIX = 3

_WORD_RUN = re.compile(r'[^\s()"]+')
_SPACE = re.compile(r"\s+")
_FIELD = re.compile(r"([A-Za-z]+):(.*)", re.DOTALL)
_NEAR = re.compile(r"NEAR/(\d+)(f?)")
_OPERATORS = {"AND", "OR", "NOT"}

# Token kinds.
WORD, PHRASE, FIELD, LPAREN, RPAREN, AND, OR, NOT, NEG, NEAR = (
    "word",
    "phrase",
    "field",
    "(",
    ")",
    "AND",
    "OR",
    "NOT",
    "-",
    "NEAR",
)
_BINARY = {AND, OR, NEAR}
END = "end"
_CANNOT_FOLLOW = {AND, OR, NEAR, RPAREN, END}  # what may not come right after an operator
_ENDS_LEVEL = {RPAREN, END}


@dataclass(slots=True)
class _Token:
    kind: str
    column: int
    text: str = ""
    field: str = ""  # FIELD: its name; `text` is its value
    quoted: bool = False  # FIELD: the value was a quoted phrase
    distance: int = 0  # NEAR
    ordered: bool = False  # NEAR/nf


def _lex(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, end = 0, len(text)
    while i < end:
        char = text[i]
        column = i + 1
        if char.isspace():
            i = _SPACE.match(text, i).end()  # type: ignore[union-attr]
        elif char == "(":
            tokens.append(_Token(LPAREN, column))
            i += 1
        elif char == ")":
            tokens.append(_Token(RPAREN, column))
            i += 1
        elif char == '"':
            close = text.find('"', i + 1)
            if close < 0:
                raise QueryError(e.UNCLOSED_QUOTE, column)
            tokens.append(_Token(PHRASE, column, text[i + 1 : close]))
            i = close + 1
        elif char == "-" and i + 1 < end and not text[i + 1].isspace() and text[i + 1] != ")":
            tokens.append(_Token(NEG, column))
            i += 1
        else:
            word = _WORD_RUN.match(text, i).group()  # type: ignore[union-attr]
            i += len(word)
            i = _lex_word(text, word, column, i, tokens)
    return tokens


def _lex_word(text: str, word: str, column: int, i: int, tokens: list[_Token]) -> int:
    """Classify one word (operator, field or plain word); returns where lexing goes on."""
    if word in _OPERATORS:
        tokens.append(_Token(word, column, word))
        return i
    if word[0] == "N" and (word == "NEAR" or word.startswith("NEAR/")):
        near = _NEAR.fullmatch(word)
        if not near:
            raise QueryError(e.NEAR_NO_DISTANCE, column)
        distance = int(near.group(1))
        if not 1 <= distance <= MAX_NEAR:
            raise QueryError(e.NEAR_DISTANCE, column, max=MAX_NEAR)
        tokens.append(_Token(NEAR, column, word, distance=distance, ordered=bool(near.group(2))))
        return i
    field = _FIELD.fullmatch(word) if ":" in word else None
    if not field:
        tokens.append(_Token(WORD, column, word))
        return i
    name, value = field.group(1).lower(), field.group(2)
    if name not in FIELDS:
        raise QueryError(e.UNKNOWN_FIELD, column, field=field.group(1))
    quoted = False
    if not value and i < len(text) and text[i] == '"':
        close = text.find('"', i + 1)
        if close < 0:
            raise QueryError(e.UNCLOSED_QUOTE, i + 1)
        value, quoted, i = text[i + 1 : close], True, close + 1
    if not value.strip():
        raise QueryError(e.FIELD_NO_VALUE, column, field=f"{name}:")
    tokens.append(_Token(FIELD, column, value, field=name, quoted=quoted))
    return i


class _Parser:
    def __init__(self, tokens: list[_Token]) -> None:
        # A sentinel at the end: peeking needs no bounds check (a parse peeks ~20 times).
        self.tokens = [*tokens, _Token(END, 0)]
        self.at = 0
        self.terms = 0
        self.wildcards = 0

    def peek(self) -> _Token:
        return self.tokens[self.at]

    def take(self) -> _Token:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def expect_operand(self, operator: _Token) -> None:
        after = self.tokens[self.at]
        if after.kind in _CANNOT_FOLLOW:
            raise QueryError(e.OPERATOR_AFTER, operator.column, op=_operator_name(operator))

    # level := near ((AND | OR)? near)*   — one kind of joint per level
    def level(self) -> Node:
        first = self.tokens[self.at]
        items = [self.near()]
        kind = ""
        while (token := self.tokens[self.at]).kind not in _ENDS_LEVEL:
            if token.kind in (AND, OR):
                self.take()
                self.expect_operand(token)
                joint = token.kind
            else:
                joint = AND  # juxtaposition, `a NOT b` and `a -b` included
            if kind and joint != kind:
                raise QueryError(e.MIXED, token.column)
            kind = joint
            items.append(self.near())
        if len(items) == 1:
            return items[0]
        column = first.column if first.kind != END else 1
        return Or(tuple(items), column) if kind == OR else And(tuple(items), column)

    # near := unary (NEAR/n unary)?
    def near(self) -> Node:
        left = self.unary()
        while (token := self.tokens[self.at]).kind == NEAR:
            self.take()
            self.expect_operand(token)
            right = self.unary()
            if isinstance(left, Near):
                raise QueryError(e.NEAR_OPERAND, token.column)
            for side in (left, right):
                if not _near_operand(side):
                    raise QueryError(e.NEAR_OPERAND, _column(side))
            left = Near(left, right, token.distance, token.ordered, _column(left))
        return left

    # unary := (NOT | -) unary | primary
    def unary(self) -> Node:
        token = self.tokens[self.at]
        if token.kind in (NOT, NEG):
            self.take()
            self.expect_operand(token)
            return Not(self.unary(), token.column)
        return self.primary()

    def primary(self) -> Node:
        token = self.take()
        if token.kind == LPAREN:
            inside = self.tokens[self.at]
            if inside.kind == END:
                raise QueryError(e.UNCLOSED_PAREN, token.column)
            if inside.kind == RPAREN:
                raise QueryError(e.EMPTY_PARENS, token.column)
            node = self.level()
            closing = self.tokens[self.at]
            if closing.kind != RPAREN:
                raise QueryError(e.UNCLOSED_PAREN, token.column)
            self.take()
            return node
        if token.kind == RPAREN:
            raise QueryError(e.UNOPENED_PAREN, token.column)
        if token.kind in _BINARY:
            raise QueryError(e.OPERATOR_BEFORE, token.column, op=_operator_name(token))
        if token.kind == FIELD:
            return self.field(token)
        if token.kind == PHRASE and not token.text.strip():
            raise QueryError(e.EMPTY_PHRASE, token.column)
        return self.words(token.text, token.column)

    def words(self, text: str, column: int, raw: bool = False) -> Node:
        """A word or phrase, split by the text model: one term, or a phrase of several."""
        split = _split_words(text, raw)
        if isinstance(split, str):
            raise QueryError(split, column, word=text)
        terms = []
        for term_text, wildcards in split:
            if wildcards:
                self.wildcards += wildcards
                if self.wildcards > MAX_WILDCARDS:
                    raise QueryError(e.TOO_MANY_WILDCARDS, column, max=MAX_WILDCARDS)
            self.count_term(column)
            terms.append(Term(term_text, column, raw, wildcards > 0))
        return terms[0] if len(terms) == 1 else Phrase(tuple(terms), column)

    def field(self, token: _Token) -> Node:
        name, value = token.field, token.text
        if name == "raw":
            return self.words(value, token.column, raw=True)
        self.count_term(token.column)
        normalised: str | None
        if name == "lang":
            normalised, refusal = normalise_lang(value), e.BAD_LANG
        elif name == "source":
            normalised, refusal = normalise_source(value), e.BAD_SOURCE
        elif name == "site":
            normalised, refusal = normalise_host(value), e.BAD_SITE
        else:
            normalised, refusal = normalise_author(value) or None, e.FIELD_NO_VALUE
        if normalised is None:
            raise QueryError(refusal, token.column, field=f"{name}:")
        return Field(name, normalised, token.column)

    def count_term(self, column: int) -> None:
        self.terms += 1
        if self.terms > MAX_TERMS:
            raise QueryError(e.TOO_MANY_TERMS, column, max=MAX_TERMS)


def _split_words(text: str, raw: bool) -> tuple[tuple[str, int], ...] | str:
    """(term text, wildcard count) per token of a query word, or the template of its refusal."""
    bare = text[1:] if text[:1] in ("#", "@") else text
    if bare.isascii() and bare.isalnum():  # the common word: one token, folded by lower()
        return ((text if raw else text.lower(), 0),)
    tokens = tokenize_pattern(text)
    if not tokens.folded:
        return e.NO_WORD
    terms = []
    for folded, as_written in zip(tokens.folded, tokens.raw, strict=True):
        wildcards = folded.count("*") + folded.count("?")
        if wildcards:
            if raw:
                return e.RAW_WILDCARD
            bare = strip_marker(folded)
            if min(i for i in (bare.find("*"), bare.find("?")) if i >= 0) < MIN_WILDCARD_PREFIX:
                return e.SHORT_WILDCARD
        terms.append((as_written if raw else folded, wildcards))
    return tuple(terms)


def _operator_name(token: _Token) -> str:
    return token.text or token.kind


def _column(node: Node) -> int:
    return node.column


def _near_operand(node: Node) -> bool:
    if isinstance(node, Term | Phrase):
        return True
    return isinstance(node, Or) and all(isinstance(c, Term | Phrase) for c in node.children)


def _positive(node: Node) -> bool:
    """Whether the node can be satisfied by something present (not only by absences)."""
    if isinstance(node, Not):
        return False
    if isinstance(node, And | Or):
        return any(_positive(child) for child in node.children)
    return True


def parse(text: str) -> Node:
    """Parse a monitoring query; raises `QueryError` (with its column) when it is refused."""
    if len(text) > MAX_LENGTH:
        raise QueryError(e.TOO_LONG, MAX_LENGTH + 1, max=MAX_LENGTH)
    tokens = _lex(text)
    if not tokens:
        raise QueryError(e.EMPTY, 1)
    parser = _Parser(tokens)
    node = parser.level()
    extra = parser.peek()
    if extra.kind != END:  # only a `)` stops the top level early
        raise QueryError(e.UNOPENED_PAREN, extra.column)
    if not _positive(node):
        raise QueryError(e.ONLY_NEGATIVE, tokens[0].column)
    return node
