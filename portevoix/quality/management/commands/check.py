"""`portevoix check --platform P`: the quality gate for posts read from standard input.

Without `--platform` this is Django's own `check` (system checks, `check --deploy`): an app's
command of the same name replaces Django's, so this one extends it rather than hiding it.

Each input line is a JSON object `{"text": …, "media": [...], "lang": "fr"}` ("media" and
"lang" optional; a media item is `{"path": …}` or `{"filename", "content_type", "size",
"width", "height", "duration"}`). Each output line is
`{"length": n, "limit": n, "valid": bool, "findings": [...]}`, or `{"line": n, "error": …}`
for a line that cannot be read. Exit status: 1 if a post is invalid, 2 if a line is unreadable
(the other lines are still checked).
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management import CommandError
from django.core.management.base import CommandParser
from django.core.management.commands import check as django_check
from django.utils import translation

from portevoix.quality.checks import run_checks
from portevoix.quality.media import media_from_dict
from portevoix.quality.platforms import PLATFORMS


class Command(django_check.Command):
    help = (
        "Without --platform: Django's system checks. With --platform: check posts read as "
        "JSON lines on standard input before publishing them."
    )
    stealth_options = ("stdin",)  # call_command(..., stdin=…) in tests

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        group = parser.add_argument_group("posts (with --platform)")
        group.add_argument("--platform", choices=sorted(PLATFORMS), help="Where the posts go.")
        group.add_argument("--lang", default="en", help="Language of the messages (fr, en).")
        group.add_argument(
            "--languages",
            default="fr",
            help="The brand's languages for spelling, comma-separated (default: fr).",
        )
        group.add_argument("--no-links", action="store_true", help="Do not fetch the links.")
        group.add_argument("--require-utm", action="store_true", help="Links must carry UTM tags.")
        group.add_argument(
            "--brand-word",
            action="append",
            default=[],
            dest="brand_words",
            help="A word the spelling check accepts (repeatable).",
        )

    def handle(self, *app_labels: list[str], **options: Any) -> None:  # (django-stubs' typing)
        if not options.get("platform"):
            super().handle(*app_labels, **options)
            return
        with translation.override(options["lang"]):
            invalid, unreadable = self.check_posts(options)
        if unreadable:
            raise CommandError(f"{unreadable} input line(s) could not be read", returncode=2)
        if invalid:
            raise CommandError(f"{invalid} post(s) would be refused", returncode=1)

    def check_posts(self, options: dict[str, Any]) -> tuple[int, int]:
        languages = tuple(lang.strip() for lang in options["languages"].split(",") if lang.strip())
        client = None
        if not options["no_links"]:
            from portevoix.lib.http import make_client

            client = make_client()
        invalid = unreadable = 0
        stdin = options.get("stdin") or sys.stdin
        try:
            for number, line in enumerate(stdin, 1):
                if not line.strip():
                    continue
                try:
                    post = self.read(line)
                    media = tuple(media_from_dict(item) for item in post.get("media", ()))
                except (ValueError, TypeError, KeyError, OSError) as exc:
                    unreadable += 1
                    self.stderr.write(f"line {number}: {exc}")
                    self.stdout.write(json.dumps({"line": number, "error": str(exc)}))
                    continue
                lang = post.get("lang")
                result = run_checks(
                    post["text"],
                    options["platform"],
                    media=media,
                    brand_words=options["brand_words"],
                    require_utm=options["require_utm"],
                    languages=(lang,) if isinstance(lang, str) and lang else languages,
                    http_client=client,
                    check_links=client is not None,
                )
                invalid += not result.valid
                self.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False))
        finally:
            if client is not None:
                client.close()
        return invalid, unreadable

    @staticmethod
    def read(line: str) -> dict[str, Any]:
        post = json.loads(line)
        if not isinstance(post, dict):
            raise ValueError("each line must be a JSON object")
        if not isinstance(post.get("text"), str):
            raise ValueError('each line needs a "text" string')
        if not isinstance(post.get("media", []), list):
            raise ValueError('"media" must be a list')
        return post
