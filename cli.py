"""Thin entry point: ``python cli.py ...`` is the same as ``logistics-opt ...``."""

from logistics_opt.cli import main

if __name__ == "__main__":
    main()
