"""Reading the params of Lean's custom requests. pygls knows the types of the standard LSP methods
only; for `$/lean/...` it hands over the JSON as nested namedtuples (its default converter), or as
dicts with another converter. Both are read here, and checked."""

from __future__ import annotations

from typing import Any

from lsprotocol import types as lsp
from pygls.exceptions import JsonRpcInvalidParams


def field(obj: Any, name: str) -> Any:
    """`obj[name]` of a JSON object, whether pygls made it a dict or a namedtuple."""
    if isinstance(obj, dict):
        return obj[name]
    if isinstance(obj, tuple) and hasattr(obj, "_fields") and name in obj._fields:
        return getattr(obj, name)
    raise KeyError(name)


def document_position(params: Any) -> tuple[str, lsp.Position]:
    """(uri, position) of `TextDocumentPositionParams`."""
    if isinstance(params, lsp.TextDocumentPositionParams):
        return params.text_document.uri, params.position
    try:
        uri = field(field(params, "textDocument"), "uri")
        position = field(params, "position")
        line, character = field(position, "line"), field(position, "character")
    except KeyError as ex:
        raise JsonRpcInvalidParams(f"expected TextDocumentPositionParams: missing {ex}") from None
    if not isinstance(uri, str) or not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in (line, character)):
        raise JsonRpcInvalidParams("expected TextDocumentPositionParams: a string uri and a position of two natural numbers")
    return uri, lsp.Position(line=line, character=character)
