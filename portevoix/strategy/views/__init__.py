"""The strategy pages: `pages` reads (overview, lists, budget, measurement plan, history),
`editing` writes (create, edit, delete for every kind, always through `strategy.actions`)."""

from portevoix.strategy.views.editing import item_create, item_delete, item_edit
from portevoix.strategy.views.pages import (
    budget_line_list,
    campaign_list,
    history,
    measurement_list,
    objective_list,
    overview,
    persona_list,
)

__all__ = [
    "budget_line_list",
    "campaign_list",
    "history",
    "item_create",
    "item_delete",
    "item_edit",
    "measurement_list",
    "objective_list",
    "overview",
    "persona_list",
]
