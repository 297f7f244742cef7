from __future__ import annotations

from django.utils import translation

from portevoix.strategy.queries import FieldChange, diff_snapshots


def test_it_lists_only_the_fields_that_changed_with_labels() -> None:
    before = {"title": "Notoriété", "category": "awareness", "target": "200", "personas": [1]}
    after = {"title": "Notoriété", "category": "revenue", "target": "250", "personas": [1, 2]}
    with translation.override("en"):
        changes = diff_snapshots("objective", before, after, names={("persona", 2): "Étudiants"})
    assert changes == [
        FieldChange(name="category", label="category", old="Awareness", new="Revenue"),
        FieldChange(name="target", label="target", old="200", new="250"),
        FieldChange(name="personas", label="audience targets", old="#1", new="#1, Étudiants"),
    ]


def test_it_shows_a_creation_as_new_values_and_a_deletion_as_old_ones() -> None:
    snapshot = {"name": "Étudiants", "platforms": ["instagram", "newsletter"], "region": ""}
    with translation.override("en"):
        created = diff_snapshots("persona", {}, snapshot)
        deleted = diff_snapshots("persona", snapshot, {})
    assert [(c.name, c.old, c.new) for c in created] == [
        ("name", "", "Étudiants"),
        ("platforms", "", "Instagram, Newsletter"),
    ]
    assert [(c.name, c.old, c.new) for c in deleted] == [
        ("name", "Étudiants", ""),
        ("platforms", "Instagram, Newsletter", ""),
    ]


def test_it_localizes_dates_and_numbers() -> None:
    with translation.override("fr"):
        [deadline, current] = diff_snapshots(
            "objective",
            {"deadline": "2030-01-31", "current": None},
            {"deadline": "2030-02-28", "current": "1234.5"},
        )
    assert (deadline.old, deadline.new) == ("31/01/2030", "28/02/2030")
    assert current.new == "1234,5"


def test_it_hides_fields_and_keeps_unknown_ones_readable() -> None:
    changes = diff_snapshots(
        "campaign",
        {"budget": "10", "retired_field": "a"},
        {"budget": "20", "retired_field": "b"},
        hidden=["budget"],
    )
    assert [(c.name, c.label, c.old, c.new) for c in changes] == [
        ("retired_field", "retired_field", "a", "b")
    ]
