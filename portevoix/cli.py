"""The `portevoix` console command: Django's management commands, with dashed names allowed.

`portevoix seed-demo` runs the `seed_demo` command; every other word is passed through as is.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portevoix.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    if len(args) > 1 and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
    args[0] = "portevoix"
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
