"""CSV import: every row checked first, nothing imported unless every row is good."""

from __future__ import annotations

import datetime as dt
from typing import Any

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portevoix.editorial.models import Post, PostTarget
from portevoix.editorial.tests.factories import client_for, make_channel


def upload(client: Any, brand: Any, content: bytes) -> Any:
    return client.post(
        reverse("editorial:import", args=[brand.pk]),
        {"file": SimpleUploadedFile("calendrier.csv", content, content_type="text/csv")},
    )


@time_machine.travel("2026-01-10 12:00Z", tick=False)
def test_it_imports_a_good_file_with_french_headers_bom_and_semicolons(
    alice: Any, brand: Any
) -> None:
    make_channel(brand, handle="cafe-lumiere")
    content = "\ufeffdate;heure;canal;texte;campagne;type\n2026-02-03;09:00;cafe-lumiere;Bonjour;;promotionnel\n05/02/2026;14h30;cafe-lumiere;Salut, ça va?;;informatif\n".encode()
    response = upload(client_for(alice), brand, content)
    assert response.status_code == 302
    times = sorted(str(t.scheduled_at) for t in PostTarget.objects.all())
    assert times == ["2026-02-03 14:00:00+00:00", "2026-02-05 19:30:00+00:00"]
    assert sorted(Post.objects.values_list("content_kind", flat=True)) == [
        "informative",
        "promotional",
    ]


@time_machine.travel("2026-01-10 12:00Z", tick=False)
def test_it_reports_every_bad_row_and_imports_nothing(alice: Any, brand: Any) -> None:
    make_channel(brand, handle="cafe-lumiere")
    content = (
        b"date,time,channel,text,campaign,kind\n"
        b"2026-02-03,09:00,cafe-lumiere,Bon,,\n"
        b"2026-02-30,09:00,cafe-lumiere,Mauvaise date,,\n"
        b"2026-02-04,09:00,inconnu,Canal inconnu,,\n"
        b"2026-03-08,02:30,cafe-lumiere,Dans le trou,,\n"
        b"2026-11-01,01:30,cafe-lumiere,Deux fois,,\n"
        b"2026-02-05,09:00,cafe-lumiere,,Nulle part,bizarre\n"
    )
    response = upload(client_for(alice), brand, content)
    assert response.status_code == 200
    report = response.context["errors"]
    assert [(e.number, e.column) for e in report] == [
        (3, "date"),
        (4, "channel"),
        (5, "time"),
        (6, "time"),
        (7, "text"),
        (7, "campaign"),
        (7, "kind"),
    ]
    assert "UTC−4" in report[3].message and "UTC−5" in report[3].message
    assert not Post.objects.exists()


@time_machine.travel("2026-01-10 12:00Z", tick=False)
def test_it_takes_the_offset_of_a_repeated_time(alice: Any, brand: Any) -> None:
    make_channel(brand, handle="cafe-lumiere")
    content = b"date,time,channel,text\n2026-11-01,01:30 UTC-5,cafe-lumiere,Deuxieme\n"
    assert upload(client_for(alice), brand, content).status_code == 302
    assert PostTarget.objects.get().scheduled_at == dt.datetime.fromisoformat(
        "2026-11-01T06:30:00+00:00"
    )
