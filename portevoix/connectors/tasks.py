"""Thin tasks: an id in, one action. The sweep finds due work and fans out one task each."""

from __future__ import annotations

from celery import shared_task
from django.db import transaction

from portevoix.connectors import actions


@shared_task
def sweep_connections_task() -> None:
    """Beat, every few minutes: warn of coming hard expiries, refresh tokens that are due,
    check the connections not checked lately."""
    to_refresh, to_check = actions.sweep_connections()
    for account_id in to_refresh:
        transaction.on_commit(lambda pk=account_id: refresh_account_task.delay(pk))  # type: ignore[misc]
    for account_id in to_check:
        transaction.on_commit(lambda pk=account_id: check_account_task.delay(pk))  # type: ignore[misc]


@shared_task
def refresh_account_task(account_id: int) -> None:
    actions.refresh_account(account_id)


@shared_task
def check_account_task(account_id: int) -> None:
    actions.check_account(account_id)
