"""``python -m perf``: see `perf._cli`."""

from perf._cli import main

raise SystemExit(main())
