"""`portevoix match --queries Q.jsonl --docs D.jsonl`: standing queries against documents.

Queries are JSON lines `{"id", "q"}`; documents `{"id", "title", "text", "lang", "author", "url",
"source"}`. Writes one JSON line per refused query (`{"query", "error", "column"}`), then one
per document (`{"id", "matches": [sorted query ids]}`). Documents are streamed, one at a time.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TextIO

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from portevoix.listening.query import Document, Monitor, QueryError


def _lines(handle: TextIO, path: str) -> Any:
    for number, line in enumerate(handle, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as error:
            raise CommandError(f"{path}:{number}: not JSON ({error})") from error
        if not isinstance(item, dict):
            raise CommandError(f"{path}:{number}: expected a JSON object")
        yield number, item


class Command(BaseCommand):
    help = "Match documents (JSON lines) against monitoring queries (JSON lines)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--queries", required=True, help='JSON lines: {"id", "q"}')
        parser.add_argument("--docs", required=True, help="JSON lines: one document each")
        parser.add_argument(
            "--lang",
            choices=[code for code, _ in settings.LANGUAGES],
            default=None,
            help="language of the error messages (default: LANGUAGE_CODE)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        lang = options["lang"] or settings.LANGUAGE_CODE
        out = self.stdout
        monitor = Monitor()
        with translation.override(lang), _open(options["queries"]) as queries:
            for number, item in _lines(queries, options["queries"]):
                if "id" not in item or not isinstance(item.get("q"), str):
                    raise CommandError(f'{options["queries"]}:{number}: needs "id" and "q"')
                try:
                    monitor.add(item["id"], item["q"])
                except QueryError as error:
                    refusal = {"query": item["id"], "error": str(error), "column": error.column}
                    out.write(json.dumps(refusal, ensure_ascii=False))
        with _open(options["docs"]) as docs:
            for _number, item in _lines(docs, options["docs"]):
                matches = sorted(monitor.match(Document.from_dict(item)), key=_order)
                out.write(
                    json.dumps({"id": item.get("id"), "matches": matches}, ensure_ascii=False)
                )


def _order(query_id: Any) -> tuple[str, Any]:
    """Sort ids of mixed JSON types without comparing a number with a string."""
    return (type(query_id).__name__, query_id)


def _open(path: str) -> TextIO:
    try:
        return Path(path).open(encoding="utf-8")
    except OSError as error:
        raise CommandError(f"{path}: {error.strerror}") from error
