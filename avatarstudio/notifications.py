"""Settings for telling people what happened: notices, e-mail digests and
team webhooks. Read from the environment like the rest of the settings."""

from avatarstudio.environment import env, env_bool, env_list  # noqa: F401
