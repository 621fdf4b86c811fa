"""Messages the front end reports: errors, warnings and information, each at a span of the document."""

from __future__ import annotations

from lantern.kernel.record import record

from .syntax.tree import Span

ERROR, WARNING, INFO = "error", "warning", "info"


@record(frozen=True, slots=True)
class Message:
    span: Span
    severity: str
    text: str


class ElabError(Exception):
    """An error at a place in the document; elaboration of the current command stops there (the
    command elaborator turns it into a `Message` and goes on with the next command)."""

    def __init__(self, span: Span, text: str) -> None:
        super().__init__(text)
        self.span = span
        self.text = text
