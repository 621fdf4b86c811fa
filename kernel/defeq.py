"""Definitional equality, a mixin of `TypeChecker`, mirroring `is_def_eq_core` of Lean's kernel:
quick structural checks, proof irrelevance, lazy delta reduction guided by definitional height,
congruence, eta for functions, eta for structures, unit-like types, and `Nat`/`String` literals."""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from . import builtins as B
from .declaration import ConstructorInfo, InductiveInfo, compare_hints, has_value, hints_of
from .expr import (
    APP,
    CONST,
    FVAR,
    HAS_EMVAR,
    HAS_FVAR,
    HAS_LMVAR,
    LAM,
    NATLIT,
    PI,
    PROJ,
    SORT,
    STRLIT,
    App,
    BVar,
    Expr,
    Lam,
    Proj,
    _structurally_equal,
    get_app_args,
    get_app_fn,
    get_app_num_args,
)
from .instantiate import instantiate_rev
from .level import Level, is_equiv

if TYPE_CHECKING:
    from .declaration import ConstantInfo
    from .type_checker import TypeChecker

    _Base = TypeChecker
else:
    _Base = object

TRUE, FALSE, UNKNOWN = True, False, None
_MVARS = HAS_EMVAR | HAS_LMVAR
_LOCAL = HAS_FVAR | _MVARS


class EquivManager:
    """Union-find over terms already proved definitionally equal. Nodes are keyed by identity, as in
    Lean's `equiv_manager`, so a lookup never compares terms inside a dictionary probe; a term that is
    only an equal copy of a node in the table is found through `by_hash` (one structural comparison)
    and joins the node's class, so the next lookup of that same object is a probe. Every node in the
    table is kept alive (`keep`), so an id is never reused while the table refers to it."""

    __slots__ = ("parent", "keep", "by_hash")

    def __init__(self) -> None:
        self.parent: dict[int, Expr] = {}  # id of a node that is not a root ↦ a node nearer its root
        self.keep: list[Expr] = []  # the non-root nodes themselves (roots are kept as values)
        self.by_hash: dict[int, Expr] = {}  # structural hash ↦ a node of the table with that hash

    def root(self, e: Expr) -> Expr:
        """The representative of `e`'s class, `e` itself if it is not in the table (by identity)."""
        parent = self.parent
        p = parent.get(id(e))
        if p is None:
            return e
        root = p
        while True:
            q = parent.get(id(root))
            if q is None:
                break
            root = q
        if root is not p:  # path compression
            while e is not root:
                nxt = parent[id(e)]
                parent[id(e)] = root
                e = nxt
        return root

    def find(self, e: Expr) -> Expr:
        """`root`, also when `e` is only an equal copy of a node in the table (it then joins)."""
        if id(e) in self.parent:
            return self.root(e)
        c = self.by_hash.get(e._hash)
        if c is None or c is e or not _structurally_equal(c, e):
            return e
        r = self.root(c)
        if r is not e:  # (`e` may itself be the root of `c`'s class)
            self.parent[id(e)] = r
            self.keep.append(e)
        return r

    def is_equiv(self, a: Expr, b: Expr) -> bool:
        """Whether `a` and `b` are in the same class, their representatives compared structurally
        (binder names and infos aside, as `==`)."""
        if a is b:
            return True
        ra, rb = self.find(a), self.find(b)
        return ra is rb or (ra._hash == rb._hash and _structurally_equal(ra, rb))

    def add_equiv(self, a: Expr, b: Expr) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra is not rb:
            self.parent[id(ra)] = rb
            self.keep.append(ra)
            self.by_hash.setdefault(ra._hash, ra)
            self.by_hash.setdefault(rb._hash, rb)


class DefEqMixin(_Base):
    def is_def_eq(self, t: Expr, s: Expr) -> bool:
        if t is s:
            return True
        if t._hash == s._hash and _structurally_equal(t, s):
            # What `quick_is_def_eq` would answer first; not worth recording (a copy of `t` or `s`
            # finds the class of the other anyway, through `EquivManager.by_hash`).
            return True
        r = self.is_def_eq_core(t, s)
        if r:
            flags = t.flags | s.flags
            if not (flags & _MVARS):  # (the front end's metavariables can be unassigned again)
                self.eqv.add_equiv(t, s)
                if not (flags & HAS_FVAR) and self.closed_eqv is not self.eqv:
                    self.closed_eqv.add_equiv(t, s)  # for later declarations too
        return r

    def is_def_eq_core(self, t: Expr, s: Expr) -> bool:
        q = self.quick_is_def_eq(t, s, use_hash=True)
        if q is not UNKNOWN:
            return q  # type: ignore[return-value]

        # Cheap support for proofs by reflection: `decide`-style goals `f x = true`.
        if s.kind == CONST and s.name is B.BOOL_TRUE and not (t.flags & HAS_FVAR):  # type: ignore[attr-defined]
            w = self.whnf(t)
            if w.kind == CONST and w.name is B.BOOL_TRUE:  # type: ignore[attr-defined]
                return True

        t_n = self.whnf_core(t, cheap_proj=True)
        s_n = self.whnf_core(s, cheap_proj=True)
        if t_n is not t or s_n is not s:
            q = self.quick_is_def_eq(t_n, s_n)
            if q is not UNKNOWN:
                return q  # type: ignore[return-value]

        q = self.is_def_eq_proof_irrel(t_n, s_n)
        if q is not UNKNOWN:
            return q  # type: ignore[return-value]

        q, t_n, s_n = self.lazy_delta_reduction(t_n, s_n)
        if q is not UNKNOWN:
            return q  # type: ignore[return-value]

        k = t_n.kind
        if k == s_n.kind:
            if k == CONST and t_n.name is s_n.name and self.is_def_eq_levels(t_n.levels, s_n.levels):  # type: ignore[attr-defined]
                return True
            if k == FVAR and t_n.fid == s_n.fid:  # type: ignore[attr-defined]
                return True
            if k == PROJ and t_n.idx == s_n.idx and self.lazy_delta_proj_reduction(t_n, s_n):  # type: ignore[attr-defined]
                return True

        # Now reduce projections with full whnf of their structures.
        t_nn = self.whnf_core(t_n)
        s_nn = self.whnf_core(s_n)
        if t_nn is not t_n or s_nn is not s_n:
            return self.is_def_eq_core(t_nn, s_nn)

        if self.is_def_eq_app(t_n, s_n):
            return True
        if self.try_eta_expansion(t_n, s_n):
            return True
        if self.try_eta_struct(t_n, s_n):
            return True
        q = self.try_string_lit_expansion(t_n, s_n)
        if q is not UNKNOWN:
            return q  # type: ignore[return-value]
        if self.is_def_eq_unit_like(t_n, s_n):
            return True
        return False

    # -- quick checks -------------------------------------------------------------------------

    def quick_is_def_eq(self, t: Expr, s: Expr, use_hash: bool = False) -> bool | None:
        if self.eqv.is_equiv(t, s):
            return TRUE
        closed = self.closed_eqv
        if closed is not self.eqv and not ((t.flags | s.flags) & _LOCAL) and closed.is_equiv(t, s):
            return TRUE
        k = t.kind
        if k == s.kind:
            if k == LAM or k == PI:
                return self.is_def_eq_binding(t, s)
            if k == SORT:
                return self.is_def_eq_level(t.level, s.level)  # type: ignore[attr-defined]
            if k == NATLIT or k == STRLIT:
                return t.value == s.value  # type: ignore[attr-defined]
        return UNKNOWN

    def is_def_eq_binding(self, t: Expr, s: Expr) -> bool:
        """Compare two chains of λ (or Π) binders domain by domain, then their bodies."""
        kind = t.kind
        subst: list[Expr] = []
        while True:
            s_dom = None
            if t.type != s.type:  # type: ignore[attr-defined]
                s_dom = instantiate_rev(s.type, subst)  # type: ignore[attr-defined]
                if not self.is_def_eq(instantiate_rev(t.type, subst), s_dom):  # type: ignore[attr-defined]
                    return False
            if t.body.lbr or s.body.lbr:  # type: ignore[attr-defined]
                if s_dom is None:
                    s_dom = instantiate_rev(s.type, subst)  # type: ignore[attr-defined]
                subst.append(self.lctx.mk_local(s.name, s_dom, None, s.binfo))  # type: ignore[attr-defined]
            else:
                subst.append(BVar(0))  # never used: the bodies do not mention it
            t, s = t.body, s.body  # type: ignore[attr-defined]
            if t.kind != kind or s.kind != kind:
                break
        return self.is_def_eq(instantiate_rev(t, subst), instantiate_rev(s, subst))

    def is_def_eq_proof_irrel(self, t: Expr, s: Expr) -> bool | None:
        t_type = self.infer(t, True)
        if not self.is_prop_type(t_type):
            return UNKNOWN
        return self.is_def_eq(t_type, self.infer(s, True))

    # -- lazy delta reduction ------------------------------------------------------------------

    def delta_info(self, e: Expr) -> "ConstantInfo | None":
        f = get_app_fn(e)
        if f.kind != CONST:
            return None
        info = self.env.find(f.name)  # type: ignore[attr-defined]
        if info is None or not has_value(info) or len(info.level_params) != len(f.levels):  # type: ignore[attr-defined]
            return None
        return info

    def lazy_delta_reduction(self, t: Expr, s: Expr) -> tuple[bool | None, Expr, Expr]:
        while True:
            q = self.is_def_eq_offset(t, s)
            if q is not UNKNOWN:
                return q, t, s
            if not ((t.flags | s.flags) & HAS_FVAR):
                tv = self.reduce_nat(t)
                if tv is not None:
                    return self.is_def_eq_core(tv, s), t, s
                sv = self.reduce_nat(s)
                if sv is not None:
                    return self.is_def_eq_core(t, sv), t, s
            dt, ds = self.delta_info(t), self.delta_info(s)
            if dt is None and ds is None:
                return UNKNOWN, t, s
            if dt is not None and ds is None:
                t = self.whnf_core(self.unfold_definition(t))  # type: ignore[arg-type]
            elif dt is None:
                s = self.whnf_core(self.unfold_definition(s))  # type: ignore[arg-type]
            else:
                c = compare_hints(hints_of(dt), hints_of(ds))
                if c < 0:
                    t = self.whnf_core(self.unfold_definition(t))  # type: ignore[arg-type]
                elif c > 0:
                    s = self.whnf_core(self.unfold_definition(s))  # type: ignore[arg-type]
                else:
                    if (
                        t.kind == APP
                        and s.kind == APP
                        and dt is ds
                        and hints_of(dt).kind == "regular"
                        and not ((t.flags | s.flags) & _MVARS)
                        and (t, s) not in self.failure_cache
                    ):
                        # Same definition on both sides: try the arguments before unfolding.
                        if self.is_def_eq_levels(get_app_fn(t).levels, get_app_fn(s).levels) and self.is_def_eq_args(t, s):  # type: ignore[attr-defined]
                            return TRUE, t, s
                        self.failure_cache.add((t, s))
                    t = self.whnf_core(self.unfold_definition(t))  # type: ignore[arg-type]
                    s = self.whnf_core(self.unfold_definition(s))  # type: ignore[arg-type]
            q = self.quick_is_def_eq(t, s)
            if q is not UNKNOWN:
                return q, t, s

    def lazy_delta_proj_reduction(self, t: Expr, s: Expr) -> bool:
        return self.is_def_eq(t.expr, s.expr)  # type: ignore[attr-defined]

    def is_def_eq_offset(self, t: Expr, s: Expr) -> bool | None:
        """`n + 1 =?= m + 1` (literals or `Nat.succ`) reduces to `n =?= m`; two literals compare."""
        tv, sv = self.nat_lit_value(t), self.nat_lit_value(s)
        if tv is not None and sv is not None:
            return tv == sv
        tp, sp = self.nat_pred(t), self.nat_pred(s)
        if tp is not None and sp is not None:
            return self.is_def_eq_core(tp, sp)
        return UNKNOWN

    def nat_pred(self, e: Expr) -> Expr | None:
        if e.kind == NATLIT:
            return None if e.value == 0 else self.nat_lit_to_constructor(e).arg  # type: ignore[attr-defined]
        if e.kind == APP and e.fn.kind == CONST and e.fn.name is B.NAT_SUCC:  # type: ignore[attr-defined]
            return e.arg  # type: ignore[attr-defined]
        return None

    # -- congruence and eta ---------------------------------------------------------------------

    def is_def_eq_args(self, t: Expr, s: Expr) -> bool:
        _, t_args = get_app_args(t)
        _, s_args = get_app_args(s)
        if len(t_args) != len(s_args):
            return False
        is_def_eq = self.is_def_eq
        for a, b in zip(t_args, s_args):
            if not is_def_eq(a, b):
                return False
        return True

    def is_def_eq_app(self, t: Expr, s: Expr) -> bool:
        if t.kind != APP or s.kind != APP or get_app_num_args(t) != get_app_num_args(s):
            return False
        return self.is_def_eq(get_app_fn(t), get_app_fn(s)) and self.is_def_eq_args(t, s)

    def try_eta_expansion(self, t: Expr, s: Expr) -> bool:
        return self._try_eta_expansion_core(t, s) or self._try_eta_expansion_core(s, t)

    def _try_eta_expansion_core(self, t: Expr, s: Expr) -> bool:
        if t.kind != LAM or s.kind == LAM:
            return False
        s_type = self.whnf(self.infer(s, True))
        if s_type.kind != PI:
            return False
        from .instantiate import lift_loose_bvars

        expanded = Lam(s_type.name, s_type.type, App(lift_loose_bvars(s, 1), BVar(0)), s_type.binfo)  # type: ignore[attr-defined]
        return self.is_def_eq(t, expanded)

    def try_eta_struct(self, t: Expr, s: Expr) -> bool:
        return self._try_eta_struct_core(t, s) or self._try_eta_struct_core(s, t)

    def _try_eta_struct_core(self, t: Expr, s: Expr) -> bool:
        """`t =?= S.mk a₁ … aₙ` holds when each `t.i =?= aᵢ` (and the types agree)."""
        fn, args = get_app_args(s)
        if fn.kind != CONST:
            return False
        ctor = self.env.find(fn.name)  # type: ignore[attr-defined]
        if not isinstance(ctor, ConstructorInfo) or len(args) != ctor.num_params + ctor.num_fields:
            return False
        ind = self.env.find(ctor.induct)
        if not isinstance(ind, InductiveInfo) or not self.is_structure_like(ind):
            return False
        if not self.is_def_eq(self.infer(t, True), self.infer(s, True)):
            return False
        for i in range(ctor.num_params, len(args)):
            if not self.is_def_eq(Proj(ind.name, i - ctor.num_params, t), args[i]):
                return False
        return True

    def is_def_eq_unit_like(self, t: Expr, s: Expr) -> bool:
        """Any two values of a structure with no fields are equal."""
        t_type = self.whnf(self.infer(t, True))
        fn = get_app_fn(t_type)
        if fn.kind != CONST:
            return False
        ind = self.env.find(fn.name)  # type: ignore[attr-defined]
        if not isinstance(ind, InductiveInfo) or not self.is_structure_like(ind):
            return False
        ctor = self.env.find(ind.ctors[0])
        if not isinstance(ctor, ConstructorInfo) or ctor.num_fields != 0:
            return False
        return self.is_def_eq_core(t_type, self.infer(s, True))

    def try_string_lit_expansion(self, t: Expr, s: Expr) -> bool | None:
        if t.kind == STRLIT and self._is_string_ctor_app(s):
            return self.is_def_eq_core(self.string_lit_to_constructor(t), s)
        if s.kind == STRLIT and self._is_string_ctor_app(t):
            return self.is_def_eq_core(t, self.string_lit_to_constructor(s))
        return UNKNOWN

    def _is_string_ctor_app(self, e: Expr) -> bool:
        f = get_app_fn(e)
        return f.kind == CONST and (f.name is B.STRING_MK or f.name is B.STRING_OF_LIST)  # type: ignore[attr-defined]

    # Level equality is a method so that the front end's checker can assign universe metavariables.
    def is_def_eq_level(self, a: Level, b: Level) -> bool:
        return is_equiv(a, b)

    def is_def_eq_levels(self, xs: Sequence[Level], ys: Sequence[Level]) -> bool:
        return len(xs) == len(ys) and all(self.is_def_eq_level(x, y) for x, y in zip(xs, ys))
