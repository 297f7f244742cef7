from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ListeningConfig(AppConfig):
    name = "portevoix.listening"
    label = "listening"
    verbose_name = _("Listening")

    def ready(self) -> None:
        post_migrate.connect(install_archive_triggers, sender=self)


def install_archive_triggers(using: str = "default", **kwargs: Any) -> None:
    """SQLite drops a table's triggers whenever a migration rebuilds the table (an altered
    field, say): the archive's triggers are put back after every migrate."""
    from django.db import connections

    from portevoix.listening import archive

    connection = connections[using]
    if {"listening_mention", "listening_mentionhour"} <= set(
        connection.introspection.table_names()
    ):
        archive.install_triggers(connection)
