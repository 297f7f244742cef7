import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command


def write_lines(path, items):
    path.write_text(
        "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items), encoding="utf-8"
    )
    return str(path)


@pytest.fixture
def files(tmp_path):
    queries = write_lines(
        tmp_path / "q.jsonl",
        [
            {"id": "lumiere", "q": '"café lumière" OR #cafelumiere'},
            {"id": "bad", "q": "a OR b AND c"},
            {"id": "near", "q": "service NEAR/2f nul -site:cafelumiere.ca"},
            {"id": "fr", "q": "lumi* lang:fr"},
        ],
    )
    docs = write_lines(
        tmp_path / "d.jsonl",
        [
            {
                "id": "d1",
                "title": "Café-Lumière",
                "text": "un service vraiment nul",
                "lang": "fr",
                "author": "@bob",
                "url": "https://forum.example.com/1",
                "source": "rss",
            },
            {
                "id": "d2",
                "title": "",
                "text": "#CafeLumiere service nul",
                "lang": "en",
                "author": "",
                "url": "https://cafelumiere.ca/x",
                "source": "bluesky",
            },
            {
                "id": "d3",
                "title": "",
                "text": "rien",
                "lang": "fr",
                "author": "",
                "url": "",
                "source": "",
            },
        ],
    )
    return queries, docs


def run(*args):
    out = StringIO()
    call_command("match", *args, stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_it_writes_refusals_then_one_line_per_document(files):
    queries, docs = files
    lines = run("--queries", queries, "--docs", docs, "--lang", "en")
    assert lines == [
        {"query": "bad", "error": "column 8: AND and OR mixed without parentheses", "column": 8},
        {"id": "d1", "matches": ["fr", "lumiere", "near"]},
        {"id": "d2", "matches": ["lumiere"]},
        {"id": "d3", "matches": []},
    ]


def test_it_explains_refusals_in_french(files):
    queries, docs = files
    lines = run("--queries", queries, "--docs", docs, "--lang", "fr")
    assert (
        lines[0]["error"]
        == "colonne 8 : «\u00a0AND\u00a0» et «\u00a0OR\u00a0» mélangés sans parenthèses"
    )


def test_it_defaults_to_the_site_language(files, settings):
    settings.LANGUAGE_CODE = "fr"
    queries, docs = files
    assert run("--queries", queries, "--docs", docs)[0]["error"].startswith("colonne 8 :")


def test_it_refuses_a_file_that_is_not_json_lines(tmp_path, files):
    queries, _ = files
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"id": "d1"}\nnot json\n', encoding="utf-8")
    with pytest.raises(CommandError, match=r"broken\.jsonl:2"):
        run("--queries", queries, "--docs", str(broken))
