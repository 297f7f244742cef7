"""Mastodon returns a status's text as HTML (`content`); lookups and mentions need it plain."""

from __future__ import annotations

import html
from html.parser import HTMLParser


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag == "p" and self.parts:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(content: str) -> str:
    """`<p>a<br>b</p><p>c</p>` → "a\\nb\\n\\nc". Links keep their full address: Mastodon hides
    the scheme and the tail of long URLs in `invisible` spans, which are text all the same."""
    parser = _Text()
    parser.feed(content)
    parser.close()
    return html.unescape("".join(parser.parts)).strip()


def same_text(published: str, sent: str) -> bool:
    """Whether a status's plain text is the text that was sent, whitespace aside."""
    return " ".join(published.split()) == " ".join(sent.split())
