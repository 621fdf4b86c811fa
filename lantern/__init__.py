"""Lantern: a proof language in the style of Lean 4, with a trusted kernel and a language server.

The layers live in their own folders and are mapped onto `lantern.kernel`, `lantern.elab` and
`lantern.server` (see pyproject.toml); this package holds the `lantern` command."""

__version__ = "0.1.0"
