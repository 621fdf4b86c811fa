"""Arithmetic operators and relations elaborated together (Lean's `binop%`, `unop%`, `binrel%`).

Lean does not elaborate `a + b * c` from the outside in: it collects the tree of operators, elaborates
the leaves without an expected type, finds the "maximal" type among them (the one the others can be
coerced to: `Int` over `Nat`), and then coerces the leaves that have another type, so the `↑` is
placed on the leaves (`i + n` with `n : Nat` is `i + ↑n`, not `↑(…)`). Leaves that need to know their
type (`↑n`, `⟨a, b⟩`, `{ x := 1 }`, `.leaf`) are elaborated last, against that type. A relation
(`=`, `<`, `==`, …) is the root of such a tree: both sides share the analysis, so `⟨1, 2⟩ = p`
elaborates `p` first and the anonymous constructor against its type.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lantern.kernel.expr import MVAR as MVAR_KIND, Const, Expr, get_app_fn, mk_app
from lantern.kernel.name import Name

from ..syntax import tree as T

if TYPE_CHECKING:
    from .elaborator import TermElab

    _Base = TermElab
else:
    _Base = object

BINOPS = frozenset({"+", "-", "*", "/", "%", "++"})  # `binop%` in Lean's core notation
UNOPS = frozenset({"-"})  # `unop% Neg.neg`
RELATIONS = frozenset({"=", "≠", "<", ">", "≤", "≥", "==", "!="})  # `binrel%`, `binrel_no_prop%`


class _Leaf:
    __slots__ = ("stx", "expr", "coerce_to_max")

    def __init__(self, stx: T.Term) -> None:
        self.stx = stx
        self.expr: Expr | None = None
        self.coerce_to_max = False  # `↑e`: `e` is elaborated first, the coercion waits for the type


class _Node:
    __slots__ = ("stx", "children")

    def __init__(self, stx: T.OpApp, children: list) -> None:
        self.stx, self.children = stx, children


def is_binop(stx: T.Term) -> bool:
    return isinstance(stx, T.OpApp) and not stx.params and (
        (stx.symbol in BINOPS and len(stx.args) == 2) or (stx.symbol in UNOPS and len(stx.args) == 1)
    )


def is_binrel(stx: T.Term) -> bool:
    return isinstance(stx, T.OpApp) and not stx.params and stx.symbol in RELATIONS and len(stx.args) == 2


def needs_expected_type(stx: T.Term) -> bool:
    """Terms Lean postpones until their expected type is known (a `match` waits for it too: its motive
    is built from it)."""
    if isinstance(stx, T.Paren):
        return needs_expected_type(stx.term)
    if isinstance(stx, (T.AnonCtor, T.StructInst, T.DotIdent, T.Match)):
        return True
    return isinstance(stx, T.App) and isinstance(stx.fn, T.DotIdent)


class BinOpMixin(_Base):
    def elab_op_tree(self, stx: T.OpApp, expected: Expr | None) -> Expr:
        """`binop%`/`binrel%`: the tree rooted at `stx`, see the module docstring."""
        if is_binrel(stx):
            tree = _Node(stx, [self._to_tree(a) for a in stx.args])
        else:
            tree = self._to_tree(stx)
        leaves = list(_leaves(tree))
        for leaf in leaves:
            if _is_coe(leaf.stx):
                leaf.coerce_to_max = True
                leaf.expr = self.elab_coe_operand(leaf.stx.args[0])  # type: ignore[union-attr]
            elif not needs_expected_type(leaf.stx):
                leaf.expr = self.elab(leaf.stx, None)
        start = None
        if not is_binrel(stx) and expected is not None and _known(self.instantiate(expected)):
            start = self.instantiate(expected)  # the expected type is the first candidate (Lean's `analyze`)
        max_type = self._max_type(leaves, start)
        for leaf in leaves:
            self._fit_leaf(leaf, max_type)
        return self._build(tree, expected, root=True)

    def elab_coe_operand(self, stx: T.Term) -> Expr:
        """The operand of `↑e`, elaborated on its own with its instances solved (Lean's `elabCoe`), so
        that `↑(a - b)` with `a b : Nat` subtracts in `Nat`. Only the operand's own instance problems are
        solved (and defaulted) now: the numerals of the other leaves (`x / 3 + ↑n`) still wait for the
        tree's type."""
        outer = self.pending_instances
        self.pending_instances = []
        try:
            e = self.elab(stx, None)
            self.synthesize_pending(use_defaults=True, report=False)
        finally:
            self.pending_instances = outer + self.pending_instances
        return e

    def _to_tree(self, stx: T.Term) -> "_Node | _Leaf":
        if isinstance(stx, T.Paren):
            from ..syntax.cdot import expand_cdots

            if expand_cdots(stx.term) is None and (is_binop(stx.term) or isinstance(stx.term, T.Paren)):
                return self._to_tree(stx.term)
        if is_binop(stx):
            return _Node(stx, [self._to_tree(a) for a in stx.args])  # type: ignore[union-attr]
        return _Leaf(stx)

    def _max_type(self, leaves: list[_Leaf], best: Expr | None) -> Expr | None:
        """The type every leaf can be brought to: the first known one, replaced by a later one that it
        coerces to (`Nat` gives way to `Int`)."""
        for leaf in leaves:
            if leaf.expr is None or leaf.coerce_to_max:
                continue
            ty = self.instantiate(self.infer(leaf.expr))
            if not _known(ty):
                continue
            if best is None:
                best = ty
            elif not self.is_def_eq(best, ty) and self._is_nat(best) and self._can_cast_nat(ty):
                best = ty
        return best  # None when no leaf knows its type (`↑n + ↑m`, `2 + 3`)

    def _can_cast_nat(self, ty: Expr) -> bool:
        if self._is_nat(ty):
            return False
        token = self.mctx.checkpoint()
        level = self.mctx.new_level_mvar()
        found = self.synth_instance(mk_app(Const(Name.of("NatCast"), (level,)), [ty])) is not None
        self.mctx.rollback(token)
        return found

    def _fit_leaf(self, leaf: _Leaf, max_type: Expr | None) -> None:
        """Give the leaf the maximal type: elaborate it against it, unify, or coerce it."""
        if leaf.expr is None:
            leaf.expr = self.elab(leaf.stx, max_type)
            return
        if max_type is None:
            return  # `↑n + ↑m` with no type to go to: Lean ends up unifying, so `n + m` stays in `Nat`
        ty = self.instantiate(self.infer(leaf.expr))
        if self.is_def_eq(ty, max_type):
            return
        coerced = self.coerce(leaf.expr, ty, max_type)
        if coerced is not None:
            leaf.expr = coerced
        elif leaf.coerce_to_max:
            raise self.mismatch(leaf.expr, ty, max_type, leaf.stx.span)
        # else: left as it is; the operator's instance problem reports the mismatch

    def _build(self, node: "_Node | _Leaf", expected: Expr | None, root: bool = False) -> Expr:
        from .app import Pre

        if isinstance(node, _Leaf):
            assert node.expr is not None
            return node.expr
        args = tuple(Pre(c.stx.span, self._build(c, None)) for c in node.children)
        return self.elab_app(node.stx.fn, args, expected if root else None, node.stx.span)


def _leaves(node: "_Node | _Leaf"):
    if isinstance(node, _Leaf):
        yield node
    else:
        for c in node.children:
            yield from _leaves(c)


def _is_coe(stx: T.Term) -> bool:
    return isinstance(stx, T.OpApp) and stx.symbol == "↑" and len(stx.args) == 1


def _known(ty: Expr) -> bool:
    head = get_app_fn(ty)
    return head.kind != MVAR_KIND

