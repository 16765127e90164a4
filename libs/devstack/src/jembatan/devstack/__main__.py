"""`python -m jembatan.devstack up | broker | demo`."""

from .cli import main

raise SystemExit(main())
