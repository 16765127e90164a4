"""`python -m jembatan.devstack up | broker | topics | demo`."""

from .cli import main

raise SystemExit(main())
