"""``python -m logistics_opt ...`` is the same as ``logistics-opt ...``."""

from .cli import main

main()
