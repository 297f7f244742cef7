"""`make bench`: run every benchmark module in this folder (bench/<name>.py with a `main()`).

Each benchmark prints its figures and its ratio against the baseline it runs beside itself.
"""

import importlib
import pkgutil
import sys
from pathlib import Path


def main() -> int:
    names = sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]))
    selected = [n for n in names if not sys.argv[1:] or n in sys.argv[1:]]
    if not selected:
        print("No benchmark yet: the publishing and listening issues add them.")
        return 0
    for name in selected:
        print(f"== bench/{name}")
        importlib.import_module(f"bench.{name}").main()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
