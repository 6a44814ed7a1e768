from django.apps import AppConfig


class KlingSandboxConfig(AppConfig):
    name = "kling_sandbox"
    verbose_name = "Kling sandbox"
