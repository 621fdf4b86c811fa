"""The one exception the evaluator raises.

`#eval` reports every failure (no definition, a runaway loop, a value that cannot be printed) as a
message on its command, so all of them are one exception type carrying the text to show.
"""

from __future__ import annotations


class EvalError(Exception):
    """Evaluation or printing failed; `message` is what `#eval` reports, in the user's terms."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message
