"""Unfolding the definitions given to simp (`simp [f]`), one equation at a time.

Lean rewrites with `f`'s equation lemmas: `f x y = body` for a plain definition; one lemma per
pattern for a definition by pattern matching (`append [] ys = ys`, `append (x :: xs) ys =
x :: append xs ys`), which applies only when the argument matched on is a constructor. This module
takes the same steps directly on the definition's compiled value, as definitional steps (no proof
needed: the kernel unfolds the same way):

- plain definition: `f a…` ↦ the body with the arguments substituted;
- definition by pattern matching (its body a `casesOn`/recursor on a parameter): the match is
  reduced while the matched arguments are constructors; if one is not, nothing happens (no
  equation applies). Recursive calls, which the compiled value expresses through the recursor, are
  folded back into calls of `f`, so `append (x :: xs) ys` becomes `x :: append xs ys`.

When the front end provides equation lemmas (`lantern.elab.equations`), `tactic.py` uses them
instead, and only what they do not cover reaches this module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lantern.kernel.declaration import ConstructorInfo, DefinitionInfo, RecursorInfo
from lantern.kernel.expr import APP, BVAR, CONST, LAM, PROJ, Expr, get_app_args, get_app_fn, mk_app
from lantern.kernel.instantiate import _rebuild, instantiate_level_params, instantiate_rev
from lantern.kernel.name import Name

from ...meta.instantiate import beta
from .proofs import Result

if TYPE_CHECKING:
    from ...term.elaborator import TermElab

MAX_MATCH_STEPS = 32


class Unfolder:
    def __init__(self, te: "TermElab", names: frozenset[Name]) -> None:
        self.te = te
        self.names = names

    def unfold(self, e: Expr) -> Result | None:
        if not self.names or e.kind not in (APP, CONST):
            return None
        head, args = get_app_args(e)
        if head.kind != CONST or head.name not in self.names:  # type: ignore[attr-defined]
            return None
        info = self.te.env.kernel.find(head.name)  # type: ignore[attr-defined]
        if not isinstance(info, DefinitionInfo) or len(info.level_params) != len(head.levels):  # type: ignore[attr-defined]
            return None
        value = instantiate_level_params(info.value, info.level_params, head.levels)  # type: ignore[attr-defined]
        params: list[Expr] = []
        body = value
        while body.kind == LAM:
            params.append(body)
            body = body.body  # type: ignore[attr-defined]
        n = len(params)
        if len(args) < n:
            return None  # not applied to all its parameters: no equation applies
        inst = mk_app(instantiate_rev(body, args[:n]), args[n:])
        if get_app_fn(inst).kind == PROJ:
            # A projection function (`HAdd.hAdd`, `Add.add`): unfolded only where its structure
            # argument is an instance that reduces to a constructor, to that field (Lean's
            # `unfold?` of projections): `simp [HAdd.hAdd, Add.add]` turns `p + q` into `Point.add p q`.
            field = self.project(inst)
            return None if field is None else Result(field)
        if not self.is_match(inst):
            return Result(inst)
        reduced = self.reduce_match(inst)
        if reduced is None:
            return None
        return Result(self.fold(reduced, head, body, args, n))

    def project(self, e: Expr) -> Expr | None:
        """`(s.i) a…` with `s` reducing to a constructor application: its field `i` applied to `a…`."""
        proj, rest = get_app_args(e)
        struct = self.te.whnf(self.te.instantiate(proj.expr))  # type: ignore[attr-defined]
        ctor, cargs = get_app_args(struct)
        info = self.te.env.kernel.find(ctor.name) if ctor.kind == CONST else None  # type: ignore[attr-defined]
        if not isinstance(info, ConstructorInfo) or len(cargs) <= info.num_params + proj.idx:  # type: ignore[attr-defined]
            return None
        return beta(cargs[info.num_params + proj.idx], rest)  # type: ignore[attr-defined]

    # -- pattern matching ------------------------------------------------------------------------------

    def is_match(self, e: Expr) -> bool:
        h = get_app_fn(e)
        if h.kind != CONST:
            return False
        if isinstance(self.te.env.kernel.find(h.name), RecursorInfo):  # type: ignore[attr-defined]
            return True
        return h.name.last == "casesOn"  # type: ignore[attr-defined]

    def reduce_match(self, e: Expr) -> Expr | None:
        """Reduce the match at the head while its discriminants are constructors; None if one is not."""
        checker = self.te.checker()
        for _ in range(MAX_MATCH_STEPS):
            if not self.is_match(e):
                return e
            h = get_app_fn(e)
            if not isinstance(self.te.env.kernel.find(h.name), RecursorInfo):  # type: ignore[attr-defined]
                unfolded = checker.unfold_definition(e)  # `T.casesOn` is defined by `T.rec`
                if unfolded is None:
                    return None
                e = unfolded
            r = checker.whnf_core(e)
            if r == e:
                return None  # stuck: the discriminant is not a constructor
            e = r
        return None

    # -- folding recursive calls -------------------------------------------------------------------------

    def fold(self, e: Expr, head: Expr, body: Expr, args: list[Expr], n: int) -> Expr:
        """Replace `I.rec P M minors t rest…` (the recursor of `f`'s value, with this call's
        parameters, motive and minor premises) by `f a₁ … t rest…`."""
        rec, rargs = get_app_args(body)
        if rec.kind != CONST or not isinstance(self.te.env.kernel.find(rec.name), RecursorInfo):  # type: ignore[attr-defined]
            return e
        info = self.te.env.kernel.find(rec.name)  # type: ignore[attr-defined]
        major_idx = info.major_idx
        if len(rargs) <= major_idx:
            return e
        major = rargs[major_idx]
        # The major premise must be a parameter, followed by the parameters after it, in order.
        if major.kind != BVAR or major.idx >= n:  # type: ignore[attr-defined]
            return e
        j = n - 1 - major.idx  # type: ignore[attr-defined]
        rest = rargs[major_idx + 1:]
        if len(rest) != n - 1 - j or any(r.kind != BVAR or r.idx != n - 2 - j - i for i, r in enumerate(rest)):  # type: ignore[attr-defined]
            return e
        prefix = [instantiate_rev(a, args[:n]) for a in rargs[:major_idx]]
        rec_head = rec
        fixed = args[:j]

        def go(x: Expr, off: int) -> Expr:
            if x.kind == APP:
                h, xs = get_app_args(x)
                if h == rec_head and len(xs) > major_idx and all(a == b for a, b in zip(xs[:major_idx], prefix)):
                    return mk_app(head, fixed + [go(a, off) for a in xs[major_idx:]])
            return _rebuild(x, go, off)

        return go(e, 0)

