"""``python manage.py kling_sandbox``: a local stand-in for Kling's Avatar API.

Every run-time option of ``kling_sandbox.config`` is also a flag, with dashes:
``--fail-share 0.1 --retry-after 2 --task-min-seconds 5``. Lists are
comma-separated (``--error-codes 5001,1302``; ``--fail-messages`` uses ``|``).
"""

import dataclasses
import logging
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kling_sandbox.app import Sandbox
from kling_sandbox.config import OPTION_HELP, SandboxConfig
from kling_sandbox.server import SandboxServer

DEFAULT_ACCESS_KEY = "sandbox-access-key"
DEFAULT_SECRET_KEY = "sandbox-secret-key"
DEFAULT_PORT = 8765


class Command(BaseCommand):
    help = "Run the Kling-compatible sandbox (Avatar API, TTS, fault injection)."
    # The sandbox uses no model: it must start even while the rest of the
    # project does not pass its checks.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument(
            "--port", type=int, default=getattr(settings, "KLING_SANDBOX_PORT", DEFAULT_PORT)
        )
        parser.add_argument(
            "--access-key",
            default=getattr(settings, "KLING_SANDBOX_ACCESS_KEY", DEFAULT_ACCESS_KEY),
        )
        parser.add_argument(
            "--secret-key",
            default=getattr(settings, "KLING_SANDBOX_SECRET_KEY", DEFAULT_SECRET_KEY),
        )
        parser.add_argument(
            "--data-dir",
            default=str(Path(settings.BASE_DIR) / ".sandbox"),
            help="where renders and TTS audio are kept (default: .sandbox/ in the repo)",
        )
        defaults = SandboxConfig()
        for option in dataclasses.fields(SandboxConfig):
            default = getattr(defaults, option.name)
            if isinstance(default, list):
                separator = "|" if option.name == "fail_messages" else ","
                default = separator.join(str(item) for item in default)
            parser.add_argument(
                "--" + option.name.replace("_", "-"),
                dest=f"option_{option.name}",
                default=None,
                metavar="VALUE",
                help=f"{OPTION_HELP[option.name]} (default: {default})",
            )

    def handle(self, *args, **flags):
        options = {
            name[len("option_") :]: value
            for name, value in flags.items()
            if name.startswith("option_") and value is not None
        }
        try:
            config = SandboxConfig().updated(options)
        except ValueError as error:
            raise CommandError(str(error))
        logging.getLogger("kling_sandbox").setLevel(logging.INFO)
        sandbox = Sandbox(
            flags["access_key"], flags["secret_key"], data_dir=flags["data_dir"], config=config
        )
        server = SandboxServer(sandbox, flags["host"], flags["port"])
        changed = ", ".join(
            f"{name}={value}" for name, value in sorted(options.items()) if name != "api_key"
        )
        self.stdout.write(
            f"Kling sandbox on {server.base_url} (data in {sandbox.data_dir}); "
            f"options: {changed or 'defaults'}; "
            f"API key {'accepted' if config.api_key else 'not configured'}. Ctrl-C stops it."
        )
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.httpd.server_close()
            sandbox.close()
