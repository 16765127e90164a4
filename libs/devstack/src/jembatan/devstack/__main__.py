"""`python -m jembatan.devstack up | broker | topics | demo`.

A Ctrl-C that lands before a command's own handling starts (while importing, while reading the kept
state) still ends quietly: "stopped." and exit 0, so `make up` reports nothing (see ctrl_c.py)."""

try:
    from .cli import main

    code = main()
except KeyboardInterrupt:
    print("\nstopped.", flush=True)
    code = 0
raise SystemExit(code)
