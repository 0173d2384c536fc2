"""`python -m bot` is the same as the `coopilote` command."""

from bot.cli import main

raise SystemExit(main())
