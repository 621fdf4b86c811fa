"""Inductive declarations: the checks Lean's kernel makes (`inductive.cpp`) and the recursors it
generates. Mutual blocks are supported; nested inductives (an occurrence such as `List T` inside a
constructor of `T`) are rejected, see DIVERGENCES.md.

The steps, in Lean's order: check the types and find the parameters and the result universe; declare
the types; check each constructor (parameters, field universes, strict positivity, return type);
declare the constructors; decide the elimination universe and K-likeness; build motives, minor
premises, recursor types and reduction rules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from .add_decl import check_closed, check_level_params
from .declaration import (
    SAFE,
    UNSAFE,
    ConstantInfo,
    ConstructorInfo,
    InductiveDecl,
    InductiveInfo,
    RecursorInfo,
    RecursorRule,
)
from .environment import EnvironmentView
from .errors import KernelError
from .expr import CONST, DEFAULT, IMPLICIT, PI, Const, Expr, FVar, Sort, get_app_args, mk_app, subterms
from .instantiate import instantiate1
from .level import ZERO, Level, is_equiv, is_geq, is_not_zero, mk_param, mk_zero
from .name import Name
from .record import field, record
from .type_checker import TypeChecker

if TYPE_CHECKING:
    from .environment import Environment


@record
class _RecInfo:
    motive: FVar
    indices: list[FVar]
    major: FVar
    minors: list[FVar] = field(default_factory=list)


def check_inductive(env: "Environment", decl: InductiveDecl) -> list[ConstantInfo]:
    return _InductiveChecker(env, decl).run()


class _InductiveChecker:
    def __init__(self, env: "Environment", decl: InductiveDecl) -> None:
        self.env = env
        self.decl = decl
        self.nparams = decl.num_params
        self.levels = tuple(mk_param(p) for p in decl.level_params)
        self.names = [t.name for t in decl.types]
        self.name_set = set(self.names)
        self.view = EnvironmentView(env)
        self.tc = TypeChecker(self.view, decl.level_params, UNSAFE if decl.is_unsafe else SAFE)
        self.params: list[FVar] = []
        self.nindices: list[int] = []
        self.result_level: Level = mk_zero()
        self.ind_consts = [Const(n, self.levels) for n in self.names]

    def local_for(self, binder: Expr, binfo: int | None = None) -> FVar:
        """A free variable for the binder `binder` (a Π), its type stripped of annotations."""
        return self.tc.lctx.mk_local(
            binder.name, consume_type_annotations(binder.type), None, binder.binfo if binfo is None else binfo  # type: ignore[attr-defined]
        )

    def fail(self, message: str, name: Name | None = None) -> KernelError:
        return KernelError(message, name or self.names[0])

    # -- driver ---------------------------------------------------------------------------------

    def run(self) -> list[ConstantInfo]:
        if not self.decl.types:
            raise KernelError("empty inductive declaration")
        check_level_params(self.names[0], self.decl.level_params)
        self.check_fresh_names()
        self.check_inductive_types()
        ind_infos = self.declare_inductive_types()
        ctor_infos = self.check_constructors()
        self.elim_level = self.init_elim_level()
        self.k_target = self.init_k_target()
        rec_infos = self.mk_recursors()
        return [*ind_infos, *ctor_infos, *rec_infos]

    def check_fresh_names(self) -> None:
        seen: set[Name] = set()
        for t in self.decl.types:
            for n in [t.name, t.name.child("rec"), *(c.name for c in t.ctors)]:
                if n in self.env or n in seen:
                    raise self.fail(f"'{n}' has already been declared", n)
                seen.add(n)

    # -- the types -------------------------------------------------------------------------------

    def check_inductive_types(self) -> None:
        tc = self.tc
        for idx, ind_type in enumerate(self.decl.types):
            name = ind_type.name
            check_closed(name, ind_type.type, "type")
            try:
                tc.ensure_type(ind_type.type)
            except KernelError as ex:
                raise ex.with_decl(name)
            t = tc.whnf(ind_type.type)
            i = nidx = 0
            while t.kind == PI:
                if i < self.nparams:
                    if idx == 0:
                        param = self.local_for(t)  # type: ignore[attr-defined]
                        self.params.append(param)
                    elif not tc.is_def_eq(t.type, tc.lctx.get(self.params[i]).type):  # type: ignore[attr-defined,union-attr]
                        raise self.fail("parameters of all inductive datatypes must match", name)
                    t = instantiate1(t.body, self.params[i])  # type: ignore[attr-defined]
                    i += 1
                else:
                    t = instantiate1(t.body, self.local_for(t))  # type: ignore[attr-defined]
                    nidx += 1
                t = tc.whnf(t)
            if i != self.nparams:
                raise self.fail(
                    f"number of parameters mismatch in inductive datatype declaration: {self.nparams} declared, "
                    f"but the type of '{name}' has only {i} binders",
                    name,
                )
            sort = tc.ensure_sort(t, ind_type.type)
            if idx == 0:
                self.result_level = sort.level  # type: ignore[attr-defined]
            elif not is_equiv(sort.level, self.result_level):  # type: ignore[attr-defined]
                raise self.fail("mutually inductive types must live in the same universe", name)
            self.nindices.append(nidx)

    def declare_inductive_types(self) -> list[InductiveInfo]:
        is_rec, is_reflexive = self.is_rec(), self.is_reflexive()
        all_names = tuple(self.names)
        infos = []
        for idx, t in enumerate(self.decl.types):
            info = InductiveInfo(
                t.name,
                self.decl.level_params,
                t.type,
                self.nparams,
                self.nindices[idx],
                all_names,
                tuple(c.name for c in t.ctors),
                0,
                is_rec,
                self.decl.is_unsafe,
                is_reflexive,
            )
            self.view.add_extra(info)
            infos.append(info)
        return infos

    def has_ind_occ(self, e: Expr) -> bool:
        return any(x.kind == CONST and x.name in self.name_set for x in subterms(e))  # type: ignore[attr-defined]

    def is_rec(self) -> bool:
        for t in self.decl.types:
            for c in t.ctors:
                ty = c.type
                while ty.kind == PI:
                    if self.has_ind_occ(ty.type):  # type: ignore[attr-defined]
                        return True
                    ty = ty.body  # type: ignore[attr-defined]
        return False

    def is_reflexive(self) -> bool:
        for t in self.decl.types:
            for c in t.ctors:
                ty = c.type
                while ty.kind == PI:
                    if ty.type.kind == PI and self.has_ind_occ(ty.type):  # type: ignore[attr-defined]
                        return True
                    ty = ty.body  # type: ignore[attr-defined]
        return False

    # -- constructors ------------------------------------------------------------------------------

    def param_type(self, i: int) -> Expr:
        return self.tc.lctx.get(self.params[i]).type  # type: ignore[union-attr]

    def valid_ind_app_index(self, t: Expr) -> int | None:
        """If `t` is `Iⱼ params indices` for a type `Iⱼ` of this block, the `j`."""
        fn, args = get_app_args(t)
        if fn.kind != CONST or fn.name not in self.name_set:  # type: ignore[attr-defined]
            return None
        idx = self.names.index(fn.name)  # type: ignore[attr-defined]
        if fn != self.ind_consts[idx] or len(args) != self.nparams + self.nindices[idx]:
            return None
        if any(args[i] != self.params[i] for i in range(self.nparams)):
            return None
        if any(self.has_ind_occ(a) for a in args[self.nparams :]):
            return None
        return idx

    def check_constructors(self) -> list[ConstructorInfo]:
        tc = self.tc
        infos: list[ConstructorInfo] = []
        for idx, ind_type in enumerate(self.decl.types):
            for cidx, ctor in enumerate(ind_type.ctors):
                n = ctor.name
                check_closed(n, ctor.type, "constructor type")
                try:
                    tc.ensure_type(ctor.type)
                except KernelError as ex:
                    raise ex.with_decl(n)
                t = ctor.type
                i = 0
                while t.kind == PI:
                    dom = t.type  # type: ignore[attr-defined]
                    if i < self.nparams:
                        if not tc.is_def_eq(dom, self.param_type(i)):
                            raise self.fail(f"arg #{i + 1} of '{n}' does not match inductive datatype parameters", n)
                        t = instantiate1(t.body, self.params[i])  # type: ignore[attr-defined]
                    else:
                        s = tc.ensure_type(dom)
                        if not (is_geq(self.result_level, s.level) or self.result_level.kind == ZERO):  # type: ignore[attr-defined]
                            raise self.fail(
                                f"universe level of type_of(arg #{i + 1}) of '{n}' is too big for the corresponding "
                                f"inductive datatype",
                                n,
                            )
                        if not self.decl.is_unsafe:
                            self.check_positivity(dom, n, i)
                        t = instantiate1(t.body, self.local_for(t))  # type: ignore[attr-defined]
                    i += 1
                if self.valid_ind_app_index(t) != idx:
                    raise self.fail(
                        f"invalid return type for '{n}': expected '{self.names[idx]}' applied to the parameters and "
                        f"indices, got '{tc.fmt(t)}'",
                        n,
                    )
                info = ConstructorInfo(
                    n, self.decl.level_params, ctor.type, ind_type.name, cidx, self.nparams, i - self.nparams,
                    self.decl.is_unsafe,
                )
                self.view.add_extra(info)
                infos.append(info)
        return infos

    def check_positivity(self, t: Expr, ctor: Name, arg: int) -> None:
        tc = self.tc
        while True:
            t = tc.whnf(t)
            if not self.has_ind_occ(t):
                return
            if t.kind == PI:
                if self.has_ind_occ(t.type):  # type: ignore[attr-defined]
                    raise self.fail(
                        f"arg #{arg + 1} of '{ctor}' has a non positive occurrence of the datatypes being declared",
                        ctor,
                    )
                t = instantiate1(t.body, self.local_for(t))  # type: ignore[attr-defined]
                continue
            if self.valid_ind_app_index(t) is not None:
                return
            raise self.fail(
                f"arg #{arg + 1} of '{ctor}' has a non valid occurrence of the datatypes being declared", ctor
            )

    # -- elimination ----------------------------------------------------------------------------

    def elim_only_at_universe_zero(self) -> bool:
        """Whether the recursor may only eliminate into `Prop` (no large elimination)."""
        if is_not_zero(self.result_level):
            return False
        if len(self.decl.types) > 1:
            return True
        ctors = self.decl.types[0].ctors
        if len(ctors) > 1:
            return True
        if not ctors:
            return False
        # One constructor: every field must be a proof or appear among the result's indices.
        tc = self.tc
        t = ctors[0].type
        i = 0
        to_check: list[FVar] = []
        while t.kind == PI:
            fvar = self.local_for(t)  # type: ignore[attr-defined]
            if i >= self.nparams:
                s = tc.ensure_type(t.type)  # type: ignore[attr-defined]
                if s.level.kind != ZERO:  # type: ignore[attr-defined]
                    to_check.append(fvar)
            t = instantiate1(t.body, fvar if i >= self.nparams else self.params[i])  # type: ignore[attr-defined]
            i += 1
        _, result_args = get_app_args(t)
        return any(all(a != x for a in result_args) for x in to_check)

    def init_elim_level(self) -> Level:
        if self.elim_only_at_universe_zero():
            return mk_zero()
        u, i = Name.of("u"), 1
        while u in self.decl.level_params:
            u = Name.of(f"u_{i}")
            i += 1
        return mk_param(u)

    def init_k_target(self) -> bool:
        types = self.decl.types
        if len(types) != 1 or self.result_level.kind != ZERO or len(types[0].ctors) != 1:
            return False
        t, i = types[0].ctors[0].type, 0
        while t.kind == PI:
            if i >= self.nparams:
                return False  # a field: not K-like
            t, i = t.body, i + 1  # type: ignore[attr-defined]
        return True

    # -- recursors ---------------------------------------------------------------------------------

    def rec_level_params(self) -> tuple[Name, ...]:
        if self.elim_level.kind == ZERO:
            return self.decl.level_params
        return (self.elim_level.a, *self.decl.level_params)  # type: ignore[return-value]

    def is_rec_argument(self, t: Expr) -> int | None:
        tc = self.tc
        t = tc.whnf(t)
        while t.kind == PI:
            t = tc.whnf(instantiate1(t.body, self.local_for(t)))  # type: ignore[attr-defined]
        return self.valid_ind_app_index(t)

    def ctor_fields(self, ctor_type: Expr) -> tuple[list[FVar], list[FVar], Expr]:
        """Open a constructor type over the parameters: (fields, recursive fields, result type)."""
        t, i = ctor_type, 0
        fields: list[FVar] = []
        rec_fields: list[FVar] = []
        while t.kind == PI:
            if i < self.nparams:
                t = instantiate1(t.body, self.params[i])  # type: ignore[attr-defined]
            else:
                fvar = self.local_for(t)  # type: ignore[attr-defined]
                fields.append(fvar)
                if self.is_rec_argument(t.type) is not None:  # type: ignore[attr-defined]
                    rec_fields.append(fvar)
                t = instantiate1(t.body, fvar)  # type: ignore[attr-defined]
            i += 1
        return fields, rec_fields, t

    def open_rec_field(self, u: FVar) -> tuple[list[FVar], int, list[Expr]]:
        """For a recursive field `u : (xs : …) → Iⱼ params idx`: (xs, j, idx)."""
        tc = self.tc
        ty = tc.whnf(tc.infer(u, True))
        xs: list[FVar] = []
        while ty.kind == PI:
            x = self.local_for(ty)  # type: ignore[attr-defined]
            xs.append(x)
            ty = tc.whnf(instantiate1(ty.body, x))  # type: ignore[attr-defined]
        j = self.valid_ind_app_index(ty)
        assert j is not None
        return xs, j, get_app_args(ty)[1][self.nparams :]

    def mk_recursors(self) -> list[RecursorInfo]:
        tc = self.tc
        lctx = tc.lctx
        elim_sort = Sort(self.elim_level)
        many = len(self.decl.types) > 1
        infos: list[_RecInfo] = []
        for idx, ind_type in enumerate(self.decl.types):
            t, i = tc.whnf(ind_type.type), 0
            indices: list[FVar] = []
            while t.kind == PI:
                if i < self.nparams:
                    t = instantiate1(t.body, self.params[i])  # type: ignore[attr-defined]
                else:
                    x = self.local_for(t, DEFAULT)  # explicit in the motive; implicit in `rec` (below)  # type: ignore[attr-defined]
                    indices.append(x)
                    t = instantiate1(t.body, x)  # type: ignore[attr-defined]
                i += 1
                t = tc.whnf(t)
            major = lctx.mk_local(Name.of("t"), mk_app(mk_app(self.ind_consts[idx], self.params), indices))
            motive_type = lctx.mk_binding([*indices, major], elim_sort, lam=False)
            motive_name = Name.of(f"motive_{idx + 1}") if many else Name.of("motive")
            motive = lctx.mk_local(motive_name, motive_type, None, IMPLICIT)
            infos.append(_RecInfo(motive, indices, major))

        for idx, ind_type in enumerate(self.decl.types):
            for ctor in ind_type.ctors:
                fields, rec_fields, result = self.ctor_fields(ctor.type)
                _, result_args = get_app_args(result)
                j = self.valid_ind_app_index(result)
                assert j is not None
                ctor_app = mk_app(mk_app(Const(ctor.name, self.levels), self.params), fields)
                target = mk_app(mk_app(infos[j].motive, result_args[self.nparams :]), [ctor_app])
                ihs = []
                for u in rec_fields:
                    xs, k, u_indices = self.open_rec_field(u)
                    ih_type = lctx.mk_binding(xs, mk_app(mk_app(infos[k].motive, u_indices), [mk_app(u, xs)]), lam=False)
                    ihs.append(lctx.mk_local(Name.of(f"{u.name.last if not u.name.is_anonymous else 'x'}_ih"), ih_type))
                minor_type = lctx.mk_binding([*fields, *ihs], target, lam=False)
                minor_name = Name.of(str(ctor.name.last)) if ctor.name.prefix is ind_type.name else ctor.name
                infos[idx].minors.append(lctx.mk_local(minor_name, minor_type))

        motives = [r.motive for r in infos]
        minors = [m for r in infos for m in r.minors]
        rec_lparams = self.rec_level_params()
        rec_levels = tuple(mk_param(p) for p in rec_lparams)
        all_names = tuple(self.names)
        result: list[RecursorInfo] = []
        for idx, ind_type in enumerate(self.decl.types):
            info = infos[idx]
            body = mk_app(mk_app(info.motive, info.indices), [info.major])
            rec_type = lctx.mk_binding([*self.params, *motives, *minors, *info.indices, info.major], body, lam=False)
            # Binder kinds as Lean's recursors have them: parameters, motives and indices implicit.
            kinds = (
                [IMPLICIT] * (self.nparams + len(motives)) + [DEFAULT] * len(minors)
                + [IMPLICIT] * len(info.indices) + [DEFAULT]
            )
            rec_type = _set_binder_kinds(rec_type, kinds)
            rules = self.mk_rec_rules(idx, motives, minors, rec_levels)
            result.append(
                RecursorInfo(
                    ind_type.name.child("rec"), rec_lparams, rec_type, all_names, self.nparams, self.nindices[idx],
                    len(motives), len(minors), tuple(rules), self.k_target, self.decl.is_unsafe,
                )
            )
        return result

    def mk_rec_rules(
        self, idx: int, motives: Sequence[FVar], minors: Sequence[FVar], rec_levels: tuple[Level, ...]
    ) -> list[RecursorRule]:
        lctx = self.tc.lctx
        first_minor = sum(len(t.ctors) for t in self.decl.types[:idx])
        rules = []
        for c, ctor in enumerate(self.decl.types[idx].ctors):
            fields, rec_fields, _ = self.ctor_fields(ctor.type)
            ih_values = []
            for u in rec_fields:
                xs, k, u_indices = self.open_rec_field(u)
                rec = Const(self.names[k].child("rec"), rec_levels)
                app = mk_app(mk_app(mk_app(mk_app(rec, self.params), motives), minors), [*u_indices, mk_app(u, xs)])
                ih_values.append(lctx.mk_binding(xs, app, lam=True))
            rhs_body = mk_app(mk_app(minors[first_minor + c], fields), ih_values)
            rhs = lctx.mk_binding([*self.params, *motives, *minors, *fields], rhs_body, lam=True)
            rules.append(RecursorRule(ctor.name, len(fields), rhs))
        return rules


_ANNOTATIONS = {Name.of("optParam"): 2, Name.of("autoParam"): 2, Name.of("outParam"): 1, Name.of("semiOutParam"): 1}


def consume_type_annotations(t: Expr) -> Expr:
    """Strip `optParam T d`, `autoParam T s`, `outParam T`, `semiOutParam T` down to `T` (Lean's
    `Expr.consumeTypeAnnotations`): recursors and constructor fields do not carry them."""
    while True:
        fn, args = get_app_args(t)
        arity = _ANNOTATIONS.get(fn.name) if fn.kind == CONST else None  # type: ignore[attr-defined]
        if arity is None or len(args) != arity:
            return t
        t = args[0]


def _set_binder_kinds(t: Expr, kinds: list[int]) -> Expr:
    """Set the binder infos of the leading Π binders of `t` (not part of term equality: for display)."""
    from .expr import Pi

    binders = []
    for k in kinds:
        if t.kind != PI:
            break
        binders.append((t.name, t.type, k))  # type: ignore[attr-defined]
        t = t.body  # type: ignore[attr-defined]
    for name, ty, k in reversed(binders):
        t = Pi(name, ty, t, k)
    return t
