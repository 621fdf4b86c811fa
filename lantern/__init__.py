"""Lantern: a proof language in the style of Lean 4, with a trusted kernel and a language server.

The layers live in their own folders and are mapped onto `lantern.kernel`, `lantern.elab` and
`lantern.server` (see pyproject.toml); this package holds the `lantern` command."""

import sys

__version__ = "0.1.0"

# Lean's natural number literals are unbounded, in source files and in exports alike; Python refuses
# to convert integers of more than 4,300 digits to and from text unless told otherwise.
if hasattr(sys, "set_int_max_str_digits"):
    sys.set_int_max_str_digits(0)
