from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo seed: sits above every capability, because it fills them all."""

    name = "portevoix.demo"
    label = "demo"
