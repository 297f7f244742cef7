"""Statements a worker runs thousands of times a minute, built once instead of at every call.

The ORM compiles a query each time it runs it, and for the publish path that cost more CPU
than the database spent executing it (bench/publish.py: 1.2 ms to compile the worker's read of
a target, 0.3 ms to run it; 0.3 ms of 0.45 ms for a one-row UPDATE). These helpers keep the
ORM's meaning and pay its price once:

- `CompiledRead` compiles a queryset once per database connection and runs the same SQL with
  a new id, building the instances with the ORM's own converters and populators;
- `update` and `insert` build plain SQL from the models' metadata (cached per set of columns)
  and adapt every value with the field's own `get_db_prep_*`, so a datetime or a JSON value is
  stored and compared exactly as the ORM would on SQLite or PostgreSQL.

Everything runs through Django's cursor: the statements are counted, logged and wrapped in
transactions like any other. Only plain values (no expressions) and the lookups below.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from django.db import connections, models, transaction
from django.db.models.query import QuerySet, get_related_populators  # type: ignore[attr-defined]

M = TypeVar("M", bound=models.Model)
# An id no table holds, put where the real one goes when the read is compiled.
_SENTINEL = -7_345_912_608_113
_OPERATORS = {"exact": "=", "lte": "<=", "lt": "<", "gte": ">=", "gt": ">"}


class CompiledRead(Generic[M]):
    """`build(id)` compiled once per connection (per thread), then run with other ids.

    `build` must use its argument exactly once as a query parameter. Relies on the compiler's
    `select`, `klass_info` and `annotation_col_map`, as Django's ModelIterable does (Django is
    pinned; the publishing tests run every read through it on both databases)."""

    def __init__(self, build: Callable[[int], QuerySet[M]]) -> None:
        self.build = build
        self.local = threading.local()

    def _compiled(self) -> tuple[Any, ...]:
        connection = connections["default"]  # the one database (per thread)
        held = getattr(self.local, "held", None)
        if held is not None and held[0] is connection:
            return held  # type: ignore[no-any-return]
        queryset = self.build(_SENTINEL)
        compiler = queryset.query.get_compiler(using=queryset.db)
        sql, params = compiler.as_sql()
        slots = [i for i, p in enumerate(params) if p == _SENTINEL]
        if len(slots) != 1:
            raise ValueError("the read must use its id once as a parameter")
        klass_info = compiler.klass_info
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        init_list = [s[0].target.attname for s in compiler.select[start:end]]
        populators = get_related_populators(klass_info, compiler.select, queryset.db)
        held = (connection, queryset.db, compiler, sql, list(params), slots[0], start, end)
        self.local.held = (*held, init_list, populators)
        return self.local.held  # type: ignore[no-any-return]

    def get(self, pk: int) -> M | None:
        """The one instance the read finds for `pk`, or None."""
        _c, db, compiler, sql, params, slot, start, end, init_list, populators = self._compiled()
        params = params.copy()
        params[slot] = pk
        with compiler.connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchmany(2)
        if not rows:
            return None
        if len(rows) > 1:
            raise ValueError("the read found more than one row")
        (row,) = compiler.results_iter([rows])
        model_cls = compiler.klass_info["model"]
        obj: M = model_cls.from_db(db, init_list, row[start:end])
        for populator in populators:
            populator.populate(row, obj)
        for name, position in compiler.annotation_col_map.items():
            setattr(obj, name, row[position])
        return obj


def _column(model: type[models.Model], key: str) -> tuple[models.Field[Any, Any], str, str]:
    name, _sep, lookup = key.partition("__")
    field = model._meta.pk if name == "pk" else model._meta.get_field(name)
    assert isinstance(field, models.Field) and field.concrete  # noqa: S101
    return field, field.column, _OPERATORS[lookup or "exact"]


@functools.lru_cache(maxsize=256)
def _update_sql(
    model: type[models.Model], vendor: str, sets: tuple[str, ...], where: tuple[str, ...]
) -> tuple[str, list[Any], list[Any]]:
    ops = connections["default"].ops  # `vendor` only keys the cache
    set_fields, where_fields = [_column(model, k) for k in sets], [_column(model, k) for k in where]
    # Names come from the models' metadata, quoted; every value is a parameter.
    sql = "UPDATE {} SET {} WHERE {}".format(  # noqa: S608
        ops.quote_name(model._meta.db_table),
        ", ".join(f"{ops.quote_name(column)} = %s" for _f, column, _o in set_fields),
        " AND ".join(f"{ops.quote_name(column)} {op} %s" for _f, column, op in where_fields),
    )
    return sql, [f for f, _c, _o in set_fields], [f for f, _c, _o in where_fields]


def _update(
    model: type[models.Model], where: dict[str, Any], values: dict[str, Any]
) -> tuple[str, list[Any]]:
    connection = connections["default"]
    sql, set_fields, where_fields = _update_sql(
        model, connection.vendor, tuple(values), tuple(where)
    )
    params = [
        f.get_db_prep_save(v, connection) for f, v in zip(set_fields, values.values(), strict=True)
    ]
    for field, value in zip(where_fields, where.values(), strict=True):
        if value is None:
            raise ValueError("compare with None through the ORM (IS NULL)")
        params.append(field.get_db_prep_value(field.get_prep_value(value), connection, True))
    return sql, params


@functools.lru_cache(maxsize=64)
def _insert_sql(model: type[models.Model], vendor: str, source: str) -> tuple[str, list[Any]]:
    connection = connections["default"]
    ops = connection.ops
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    returning = bool(connection.features.can_return_columns_from_insert)
    values = ", ".join(["%s"] * len(fields))
    sql = "INSERT INTO {} ({}) {}{}".format(
        ops.quote_name(model._meta.db_table),
        ", ".join(ops.quote_name(f.column) for f in fields),
        f"SELECT {values} FROM {source} LIMIT 1" if source else f"VALUES ({values})",  # noqa: S608
        f" RETURNING {ops.quote_name(model._meta.pk.column)}" if returning else "",
    )
    return sql, fields


def _insert(model: type[M], values: dict[str, Any], source: str = "") -> tuple[str, list[Any], M]:
    connection = connections["default"]
    sql, fields = _insert_sql(model, connection.vendor, source)
    obj = model(**values)
    obj._state.adding, obj._state.db = False, "default"
    return sql, [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields], obj


def _inserted(obj: M, cursor: Any) -> M:
    if connections["default"].features.can_return_columns_from_insert:
        row = cursor.fetchone()
        if row is None:
            raise LookupError("nothing was inserted")
        obj.pk = row[0]
    else:
        obj.pk = cursor.lastrowid
    return obj


def _one_statement() -> bool:
    """PostgreSQL runs data-modifying WITH clauses: several writes in one statement, atomic
    without BEGIN and COMMIT (two round trips fewer, and less work for the server)."""
    return connections["default"].vendor == "postgresql"


def update(model: type[models.Model], where: dict[str, Any], values: dict[str, Any]) -> int:
    """`model.objects.filter(**where).update(**values)`: the number of rows changed. `where`
    takes fields (or pk) with no lookup or __lt, __lte, __gt, __gte; never None."""
    sql, params = _update(model, where, values)
    with connections["default"].cursor() as cursor:
        cursor.execute(sql, params)
        return int(cursor.rowcount)


def update_both(
    first: tuple[type[models.Model], dict[str, Any], dict[str, Any]],
    second: tuple[type[models.Model], dict[str, Any], dict[str, Any]],
) -> int:
    """Two `update`s, all or nothing: the number of rows the first changed."""
    if not _one_statement():
        with transaction.atomic():
            changed = update(*first)
            update(*second)
        return changed
    sql1, params1 = _update(*first)
    sql2, params2 = _update(*second)
    with connections["default"].cursor() as cursor:
        cursor.execute(
            f"WITH first AS ({sql1} RETURNING 1), second AS ({sql2}) SELECT count(*) FROM first",  # noqa: S608
            params1 + params2,
        )
        return int(cursor.fetchone()[0])


def insert(model: type[M], **values: Any) -> M:
    """`model.objects.create(**values)` for a model without auto_now fields or save() logic
    (no signals are sent): the instance, with its primary key."""
    sql, params, obj = _insert(model, values)
    with connections["default"].cursor() as cursor:
        cursor.execute(sql, params)
        return _inserted(obj, cursor)


def update_then_insert(
    model: type[models.Model],
    where: dict[str, Any],
    values: dict[str, Any],
    created: type[M],
    **fields: Any,
) -> M | None:
    """`update(model, where, values)` on at most one row and, if it changed it,
    `insert(created, **fields)`, all or nothing: the new instance, or None."""
    if not _one_statement():
        with transaction.atomic():
            return insert(created, **fields) if update(model, where, values) else None
    sql1, params1 = _update(model, where, values)
    sql2, params2, obj = _insert(created, fields, source="changed")
    with connections["default"].cursor() as cursor:
        cursor.execute(f"WITH changed AS ({sql1} RETURNING 1) {sql2}", params1 + params2)
        return _inserted(obj, cursor) if cursor.rowcount else None
