"""The `pantau` command: Django's management commands plus Pantau's own.

`pantau load-regions 15` runs the management command `load_regions`; hyphens and underscores are the same.
A few commands are not Django commands: `demo` (everything for a first look), `train`, `eval`, `classify`.
"""

from __future__ import annotations

import os
import sys


def _detection(name: str, argv: list[str]) -> int:
    from pantau.detection import cli as detection_cli

    return getattr(detection_cli, f"{name}_main")(argv) or 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in {"train", "eval", "classify"}:
        return _detection(argv[0], argv[1:])
    if argv and argv[0] == "demo":
        os.environ.setdefault("PANTAU_DEMO", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pantau.settings")
    if argv:
        argv[0] = argv[0].replace("-", "_")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["pantau", *argv])
    return 0


if __name__ == "__main__":
    sys.exit(main())
