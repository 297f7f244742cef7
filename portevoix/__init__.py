"""Porte-voix: a self-hosted workbench for social media and community managers."""

from portevoix.celery import app as celery_app

__all__ = ["celery_app"]
