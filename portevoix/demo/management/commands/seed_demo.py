"""`portevoix seed-demo`: a demo agency, a brand with its strategy, and one person per role.

Built through the actions (so the audit log and revisions are real) and idempotent: a second
run finds what the first made and adds nothing. When a local Bluesky network answers
(`demo/bluesky.py`), the brand's account there is connected and searched too.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from portevoix.accounts import actions
from portevoix.accounts.models import Brand, Organisation, Role
from portevoix.demo.bluesky import seed_bluesky
from portevoix.demo.listening_seed import seed_listening
from portevoix.demo.posts import BRAND_NAME
from portevoix.strategy.actions import create_item

DEMO_PASSWORD = "porte-voix"  # noqa: S105 (a public demo login, printed on purpose)
DEMO_USERS = [
    ("demo", Role.OWNER),
    ("strategiste", Role.STRATEGIST),
    ("cm", Role.COMMUNITY_MANAGER),
    ("analyste", Role.ANALYST),
    ("client", Role.CLIENT),
]
ORG_NAME = "Agence Porte-voix (démo)"
# Alerts and the daily digest go by e-mail: to the console, or to a local SMTP sink.
DEMO_EMAIL_DOMAIN = "porte-voix.example"


class Command(BaseCommand):
    help = "Seed a demo organisation, brand, strategy and one user per role (idempotent)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Seed even in production (the demo logins have a published password).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION and not options["force"]:
            raise CommandError(
                "Refusing to seed demo accounts with a published password in production "
                "(PORTEVOIX_ENV=production). Use --force if you really mean it."
            )
        owner, brand = self._seed()
        # Outside the seed's transaction: no database lock is held while a local network is
        # asked, and whatever it answers, the demo seeded above stays.
        self.stdout.write(seed_bluesky(owner, brand))
        self.stdout.write(
            f"Demo ready: log in as 'demo' / '{DEMO_PASSWORD}' (owner); also "
            + ", ".join(f"'{u}'" for u, _ in DEMO_USERS[1:])
            + " with the same password."
        )

    @transaction.atomic
    def _seed(self) -> tuple[Any, Brand]:
        user_model = get_user_model()
        owner, created = user_model.objects.get_or_create(username="demo")
        if created:
            owner.set_password(DEMO_PASSWORD)
            owner.email = f"demo@{DEMO_EMAIL_DOMAIN}"
            owner.save()
        organisation = Organisation.objects.filter(name=ORG_NAME).first()
        if organisation is None:
            organisation = actions.create_organisation(owner, name=ORG_NAME, via="seed")
        brand = organisation.brands.filter(name=BRAND_NAME).first()
        if brand is None:
            brand = actions.create_brand(
                owner,
                organisation,
                via="seed",
                name=BRAND_NAME,
                timezone="America/Montreal",
                currency="CAD",
                languages=["fr", "en"],
                description="Torréfacteur indépendant de Montréal, trois cafés et une boutique en ligne.",
            )
            self._seed_strategy(owner, brand)
        for username, role in DEMO_USERS[1:]:
            if not organisation.memberships.filter(user__username=username).exists():
                actions.add_member(
                    owner,
                    organisation,
                    username=username,
                    email=f"{username}@{DEMO_EMAIL_DOMAIN}",
                    role=role,
                    password=DEMO_PASSWORD,
                )
        if created:
            actions.set_profile(owner, owner, language="", last_brand=brand)
        seed_listening(owner, brand)
        return owner, brand

    def _seed_strategy(self, owner: Any, brand: Brand) -> None:
        today = timezone.now().date()
        quarter_end = today + dt.timedelta(days=90)
        why = "Plan de départ (démo)"
        students = create_item(
            owner,
            brand,
            "persona",
            reason=why,
            via="seed",
            name="Étudiants du Plateau",
            description="18–25 ans, étudient et travaillent dans les cafés.",
            needs="Wi-Fi, prix doux, ambiance pour travailler.",
            platforms=["instagram", "tiktok"],
            language="fr",
            region="Montréal",
        )
        create_item(
            owner,
            brand,
            "persona",
            reason=why,
            via="seed",
            name="Amateurs de café de spécialité",
            description="30–50 ans, achètent en grains, suivent les torréfacteurs.",
            needs="Origines, méthodes d'infusion, nouveautés.",
            platforms=["instagram", "facebook", "newsletter"],
            language="fr",
            region="Québec",
        )
        awareness = create_item(
            owner,
            brand,
            "objective",
            reason=why,
            via="seed",
            title="Faire connaître la boutique en ligne",
            category="awareness",
            kpi_metric="Abonnés Instagram",
            kpi_unit="abonnés",
            baseline=Decimal(4200),
            target=Decimal(6000),
            current=Decimal(4650),
            deadline=quarter_end,
            personas=[students],
        )
        revenue = create_item(
            owner,
            brand,
            "objective",
            reason=why,
            via="seed",
            title="Ventes en ligne venues des réseaux",
            category="revenue",
            kpi_metric="Chiffre d'affaires attribué (UTM)",
            kpi_unit="$ CA",
            baseline=Decimal(1500),
            target=Decimal(4000),
            deadline=quarter_end,
        )
        campaign = create_item(
            owner,
            brand,
            "campaign",
            reason=why,
            via="seed",
            name="Rentrée torréfiée",
            starts_on=today,
            ends_on=today + dt.timedelta(days=45),
            budget=Decimal(3500),
            objectives=[awareness, revenue],
        )
        for category, label, planned in [
            ("advertising", "Publicités Instagram", 1800),
            ("contests", "Concours « ton café du matin »", 400),
            ("content", "Photos et vidéos", 900),
            ("tools", "Outils", 0),
        ]:
            create_item(
                owner,
                brand,
                "budget_line",
                reason=why,
                via="seed",
                category=category,
                label=label,
                period_start=today.replace(day=1),
                period_end=(today.replace(day=1) + dt.timedelta(days=92)).replace(day=1)
                - dt.timedelta(days=1),
                planned=Decimal(planned),
                campaign=campaign if planned else None,
            )
        create_item(
            owner,
            brand,
            "measurement",
            reason=why,
            via="seed",
            objective=awareness,
            indicator="Abonnés Instagram en fin de mois",
            source="Instagram Insights",
            frequency="mensuelle",
        )
        create_item(
            owner,
            brand,
            "measurement",
            reason=why,
            via="seed",
            objective=revenue,
            indicator="Commandes avec utm_source réseau social",
            source="Boutique (Shopify)",
            frequency="hebdomadaire",
            method="Somme des commandes dont l'UTM vient d'un réseau.",
        )
