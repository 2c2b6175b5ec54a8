"""`python -m chorus` runs the CLI."""

from __future__ import annotations

from chorus.cli import main

main()
