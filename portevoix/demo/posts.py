"""What people say about the demo brand: French and English posts, some of them unhappy.

Posts are put together from a few parts (an opening, a subject, a place) so that a live feed
running for an hour does not repeat itself, and so that the listening pipeline's
de-duplication (same author, same words) does not swallow the demo's own items.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

BRAND_NAME = "Café Lumière"
BRAND_QUERY = '"cafe lumiere" OR #cafelumiere OR @cafelumiere'
COMPETITOR_NAME = "Brûlerie Boréale"
COMPETITOR_QUERY = '"brulerie boreale" OR #brulerieboreale'

PLACES_FR = ["rue Saint-Denis", "sur le Plateau", "dans le Mile End", "à Verdun", "près du métro"]
PLACES_EN = ["on Saint-Denis", "in the Plateau", "in Mile End", "in Verdun", "near the metro"]

# {brand} is the brand's name or hashtag, {place} a neighbourhood.
TEXTS: dict[str, dict[str, list[str]]] = {
    "fr": {
        "positive": [
            "Meilleur latte de la ville chez {brand} {place}, le personnel est adorable.",
            "Le nouveau café d'Éthiopie de {brand} est une merveille, notes de bleuet et de miel.",
            "Commande en ligne reçue en deux jours, grains frais et bien emballés. Merci {brand}!",
            "Ambiance parfaite pour travailler chez {brand} {place}, Wi-Fi rapide et bonne musique.",
            "Atelier d'infusion chez {brand} ce matin : j'ai enfin compris la V60. Génial!",
            "Les croissants de {brand} {place} sont incroyables avec un allongé.",
        ],
        "neutral": [
            "{brand} ouvre une nouvelle succursale {place} le mois prochain.",
            "Quelqu'un sait à quelle heure ferme {brand} {place} le dimanche?",
            "{brand} annonce un abonnement mensuel aux grains pour la rentrée.",
            "J'ai vu que {brand} cherche des baristas {place}, avis aux intéressés.",
        ],
        "negative": [
            "Très déçu par {brand} {place} : 25 minutes d'attente et un café tiède.",
            "Ma commande {brand} n'est jamais arrivée et personne ne répond au service client. Inacceptable.",
            "Le prix du latte chez {brand} a encore augmenté, c'est vraiment abusé.",
            "Service froid et impoli chez {brand} {place} ce matin, je n'y retournerai pas.",
            "Grains reçus de {brand} périmés depuis un mois. Arnaque.",
        ],
    },
    "en": {
        "positive": [
            "Best flat white in town at {brand} {place}, lovely staff too.",
            "The new Ethiopian roast from {brand} is amazing, blueberry and honey notes.",
            "Online order from {brand} arrived in two days, fresh beans. Great service!",
            "{brand} {place} is my favourite place to work: fast Wi-Fi, great music.",
        ],
        "neutral": [
            "{brand} is opening a new shop {place} next month.",
            "Does anyone know when {brand} {place} closes on Sundays?",
            "{brand} just announced a monthly coffee subscription.",
        ],
        "negative": [
            "Terrible experience at {brand} {place}: waited 25 minutes for a cold coffee.",
            "My {brand} order never arrived and customer service does not answer. Unacceptable.",
            "Rude staff at {brand} {place} this morning. Never going back.",
            "{brand} raised its prices again, what a rip-off.",
        ],
    },
}
COMPETITOR_TEXTS = {
    "fr": [
        "Nouvelle torréfaction chez {brand} {place}, on a hâte de goûter.",
        "{brand} lance sa boutique en ligne, livraison gratuite au Québec.",
    ],
    "en": ["Tried {brand} {place} today, solid espresso but pricey."],
}
# The angry wave of the demo's bad buzz (a burst, or the seeded past spike).
BURST_TEXTS = {
    "fr": [
        "Intoxication alimentaire après un sandwich de {brand} {place}?! Scandaleux.",
        "Encore une commande {brand} perdue. Ce service client est une honte.",
        "Boycott de {brand} tant qu'ils ne s'expliquent pas. Honteux.",
        "{brand} a supprimé mon avis négatif au lieu de répondre. Pathétique.",
    ],
    "en": [
        "Food poisoning after a sandwich from {brand} {place}?! Disgusting.",
        "Another lost {brand} order. Their customer service is a disgrace.",
        "{brand} deleted my bad review instead of answering. Pathetic.",
    ],
}
# Feed items are de-duplicated on their words alone (a feed has no author handle): endings
# make two people's posts on the same theme different texts, as they are in real life.
TAILS = {
    "fr": ["", "", " #mtl", " #montréal", " #café", " #plateau", " Bref.", " Voilà.", " #mtlfood"],
    "en": ["", "", " #mtl", " #montreal", " #coffee", " #mtlfood", " Just saying.", " Anyway."],
}
# How each language's posts write the brand as a hashtag (English speakers drop the accents).
HASHTAGS = {"fr": "#CaféLumière", "en": "#CafeLumiere"}
FIRST_NAMES = [
    "Camille", "Léa", "Julien", "Mathieu", "Sophie", "Émilie", "Olivier", "Gabriel", "Chloé",
    "Nathalie", "Samuel", "Maxime", "Alex", "Jordan", "Priya", "Sarah", "Kevin", "Noah",
]  # fmt: skip
LAST_INITIALS = "BCDGLMPRST"


@dataclass(frozen=True)
class Post:
    text: str
    author: str
    lang: str
    sentiment: str  # what the text says, for the demo's mix (the pipeline classifies it itself)


class PostWriter:
    """Draws posts from a seeded random generator: the same seed gives the same posts."""

    def __init__(self, seed: int | None = None, hashtags: dict[str, str] | None = None) -> None:
        self.random = random.Random(seed)  # noqa: S311 (demo texts, not secrets)
        self.hashtags = hashtags or HASHTAGS

    def _author(self) -> str:
        return f"{self.random.choice(FIRST_NAMES)} {self.random.choice(LAST_INITIALS)}."

    def _fill(self, template: str, lang: str, brand: str) -> str:
        places = PLACES_FR if lang == "fr" else PLACES_EN
        name = self.random.choice([brand, brand, self.hashtags[lang]])
        text = template.format(brand=name, place=self.random.choice(places))
        return text + self.random.choice(TAILS[lang])

    def post(self, brand: str, sentiment: str | None = None) -> Post:
        """A post about the brand; one in seven is about the competitor instead."""
        lang = "fr" if self.random.random() < 0.7 else "en"
        if sentiment is None and self.random.random() < 1 / 7:
            text = self.random.choice(COMPETITOR_TEXTS[lang])
            text = text.format(brand=COMPETITOR_NAME, place=self.random.choice(PLACES_FR))
            text += self.random.choice(TAILS[lang])
            return Post(text, self._author(), lang, "neutral")
        sentiment = (
            sentiment
            or self.random.choices(["positive", "neutral", "negative"], weights=[5, 3, 2])[0]
        )
        text = self._fill(self.random.choice(TEXTS[lang][sentiment]), lang, brand)
        return Post(text, self._author(), lang, sentiment)

    def angry(self, brand: str) -> Post:
        lang = "fr" if self.random.random() < 0.75 else "en"
        text = self._fill(self.random.choice(BURST_TEXTS[lang]), lang, brand)
        return Post(text, self._author(), lang, "negative")
