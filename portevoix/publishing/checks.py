"""The pre-publish re-check: the text may have been edited, or the platform's limits changed,
since the quality gate last ran on save. Anything that blocks refuses the publish."""

from __future__ import annotations

from portevoix.connectors.base import Account, Connector, Draft
from portevoix.quality.checks import run_checks


def recheck(connector: Connector, account: Account, draft: Draft) -> list[str]:
    """The blocking problems of `draft` on this account, as sentences (empty: go ahead).

    The quality gate with the platform's live limits, plus the connector's own rules. Spelling
    was shown on save and never blocks, and links were checked then too: neither is redone in
    the worker, where they would only slow every publish down."""
    limits = connector.limits(account)
    result = run_checks(
        draft.text, account.kind, media=draft.media, limits=limits, languages=(), check_links=False
    )
    blocking = [f.message for f in result.findings if f.severity == "error"]
    blocking += [i.message for i in connector.validate(draft, limits) if i.severity == "error"]
    return blocking
