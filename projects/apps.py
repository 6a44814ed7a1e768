from django.apps import AppConfig
from django.core import checks

from projects.system_checks import kling_is_chosen


class ProjectsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "projects"

    def ready(self):
        checks.register(kling_is_chosen, "avatarstudio")
