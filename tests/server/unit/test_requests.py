"""Reading `TextDocumentPositionParams` of Lean's custom requests, as pygls hands them over."""

from __future__ import annotations

from collections import namedtuple

import pytest
from lsprotocol import types as lsp
from pygls.exceptions import JsonRpcInvalidParams

from lantern.server.requests import document_position

Obj = namedtuple("Obj", ["textDocument", "position"])
Doc = namedtuple("Doc", ["uri"])
Pos = namedtuple("Pos", ["line", "character"])


def test_dict_namedtuple_and_typed_params() -> None:
    expected = ("file:///a.ltn", lsp.Position(line=3, character=4))
    assert document_position({"textDocument": {"uri": "file:///a.ltn"}, "position": {"line": 3, "character": 4}}) == expected
    assert document_position(Obj(Doc("file:///a.ltn"), Pos(3, 4))) == expected
    typed = lsp.TextDocumentPositionParams(text_document=lsp.TextDocumentIdentifier(uri="file:///a.ltn"), position=expected[1])
    assert document_position(typed) == expected


@pytest.mark.parametrize("params", [None, {}, {"textDocument": {}}, {"textDocument": {"uri": 1}, "position": {"line": 0, "character": 0}},
                                    {"textDocument": {"uri": "u"}, "position": {"line": -1, "character": 0}},
                                    {"textDocument": {"uri": "u"}, "position": {"line": True, "character": 0}}, [1, 2]])
def test_invalid_params(params: object) -> None:
    with pytest.raises(JsonRpcInvalidParams):
        document_position(params)
