"""`python -m api.cli`: the same as the `policykg` console script."""

from __future__ import annotations

from . import main

main()
