"""Reading settings from the environment, or from a file named by NAME_FILE
(Docker/systemd credentials style)."""

import os
from pathlib import Path


def env(name, default=""):
    """Return a setting from the environment, or from the file in NAME_FILE."""
    if os.environ.get(name + "_FILE"):
        return Path(os.environ[name + "_FILE"]).read_text().strip()
    return os.environ.get(name, default)


def env_bool(name, default=False):
    return env(name, str(default)).strip().lower() in ("1", "true", "yes", "on")


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]
