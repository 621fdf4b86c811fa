"""The `omega` tactic (linear arithmetic over `Nat` and `Int`); see `tactic.py`. Importing this
package registers the tactic."""

from . import tactic  # noqa: F401  (registration)
