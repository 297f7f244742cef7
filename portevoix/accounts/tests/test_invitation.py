import re
from typing import Any

from django.core import mail
from django.test import Client
from django.urls import reverse

from portevoix.accounts.models import Membership, Role


def test_it_invites_a_new_member_who_then_chooses_a_password(
    alice: Any, org: Any, brand: Any
) -> None:
    owner = Client(HTTP_ACCEPT_LANGUAGE="en")
    owner.force_login(alice)
    response = owner.post(
        reverse("members", args=[org.pk]),
        {"username": "erin", "email": "erin@example.org", "role": Role.COMMUNITY_MANAGER},
    )
    assert response.status_code == 302
    assert Membership.objects.get(user__username="erin").role == Role.COMMUNITY_MANAGER
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["erin@example.org"]
    assert "Agence Alice" in message.subject
    link = re.search(r"http://testserver(/password-reset/\S+/)", str(message.body))
    assert link is not None

    erin = Client()
    form = erin.get(link.group(1), follow=True)  # Django swaps the token for a session marker
    assert form.status_code == 200
    password = "un mot de passe solide 42"
    done = erin.post(
        form.redirect_chain[-1][0], {"new_password1": password, "new_password2": password}
    )
    assert done.status_code == 302
    assert (
        erin.post(reverse("login"), {"username": "erin", "password": password}).status_code == 302
    )


def test_it_warns_when_a_new_member_has_no_email(alice: Any, org: Any) -> None:
    owner = Client(HTTP_ACCEPT_LANGUAGE="en")
    owner.force_login(alice)
    page = owner.post(
        reverse("members", args=[org.pk]), {"username": "fred", "role": Role.ANALYST}, follow=True
    ).content.decode()
    assert "cannot log in until" in page
    assert mail.outbox == []
