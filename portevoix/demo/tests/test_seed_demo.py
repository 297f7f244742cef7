from typing import Any

import pytest
from django.core.management import CommandError, call_command

from portevoix.accounts.models import AuditEvent, Brand, Membership, Profile
from portevoix.strategy.models import Objective, Revision


def test_it_seeds_once_through_the_actions(db: None) -> None:
    call_command("seed_demo")
    counts = (Brand.objects.count(), Objective.objects.count(), Revision.objects.count())
    call_command("seed_demo")
    assert (Brand.objects.count(), Objective.objects.count(), Revision.objects.count()) == counts
    assert Membership.objects.count() == 5
    assert AuditEvent.objects.filter(via="seed").exists()
    assert Brand.objects.get().currency == "CAD"


def test_it_keeps_the_demo_users_language_on_a_second_run(db: None) -> None:
    call_command("seed_demo")
    Profile.objects.filter(user__username="demo").update(language="en")
    call_command("seed_demo")
    assert Profile.objects.get(user__username="demo").language == "en"


def test_it_refuses_to_seed_in_production(db: None, settings: Any) -> None:
    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("seed_demo")
    assert not Brand.objects.exists()
