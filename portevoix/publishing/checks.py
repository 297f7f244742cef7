"""The pre-publish re-check: the text may have been edited, or the platform's limits changed,
since the quality gate last ran on save. Anything that blocks refuses the publish."""

from __future__ import annotations

from portevoix.connectors.base import Account, Connector, Draft


def recheck(connector: Connector, account: Account, draft: Draft) -> list[str]:
    """The blocking problems of `draft` on this account, as sentences (empty: go ahead).

    Uses the connector's own `validate` with its live `limits`; the quality app's fuller
    `run_checks` takes over here when it lands on main."""
    issues = connector.validate(draft, connector.limits(account))
    return [issue.message for issue in issues if issue.severity == "error"]
