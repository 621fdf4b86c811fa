"""Type class resolution (Lean's `synthInstance`, without tabling).

An instance problem `?i : C a₁ … aₙ` is solved by trying the instances of `C`, highest priority first
(and, at equal priority, the most recent first, as Lean does): each instance's binders become fresh
metavariables, its result type is unified with the goal, and its own instance arguments are solved
recursively. Output parameters (`outParam`) are replaced by fresh metavariables during the search and
unified with the goal afterwards, so that `HAdd Nat Nat ?γ` finds `γ := Nat`. A problem whose inputs
still contain metavariables waits; `synthesize_pending` runs the waiting problems until no progress,
then tries default instances (`OfNat Nat n`, `instHAdd`, …), then reports what is left.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lantern.kernel.expr import CONST, INST_IMPLICIT, MVAR as MVAR_KIND, PI, App, Expr, MVar, get_app_args, get_app_fn, mk_app
from lantern.kernel.instantiate import instantiate1
from lantern.kernel.name import Name

from ..messages import ElabError
from ..meta.context import AUX_DECL, id_counters
from . import instance_cache

if TYPE_CHECKING:
    from .elaborator import TermElab

    _Base = TermElab
else:
    _Base = object

MAX_DEPTH = 32
OUT_PARAM = Name.of("outParam")


class InstanceMixin(_Base):
    def out_param_positions(self, class_name: Name) -> list[int]:
        info = self.env.kernel.find(class_name)
        out: list[int] = []
        t = info.type if info is not None else None
        i = 0
        while t is not None and t.kind == PI:
            dom_head = t.type  # type: ignore[attr-defined]
            dom_head = get_app_fn(dom_head)
            if dom_head.kind == CONST and dom_head.name is OUT_PARAM:  # type: ignore[attr-defined]
                out.append(i)
            t = t.body  # type: ignore[attr-defined]
            i += 1
        return out

    def synth_instance(self, goal: Expr, depth: int = 0) -> Expr | None:
        """An instance of `goal` (a class application, possibly under binders), or None."""
        if depth > MAX_DEPTH:
            return None
        goal = self.instantiate(goal)
        if goal.kind == PI:
            # `∀ xs, C …` (an instance problem abstracted over binders): solve under them.
            from ..meta.instantiate import mk_lambda_fvars

            saved = self.lctx
            try:
                self.lctx, x = self.lctx.add(goal.name, goal.type, None, goal.binfo)  # type: ignore[attr-defined]
                body = self.synth_instance(instantiate1(goal.body, x), depth)  # type: ignore[attr-defined]
                return None if body is None else mk_lambda_fvars(self.mctx, self.lctx, [x], body)
            finally:
                self.lctx = saved
        fn, args = get_app_args(goal if get_app_fn(goal).kind == CONST else self.whnf(goal))
        if fn.kind != CONST:
            return None
        if self._has_input_mvars(goal):
            # As in Lean, resolution never chooses the inputs of a problem (`Sub ?α` must not become
            # `Sub Int` because an instance exists): such a problem waits, or is reported stuck.
            return None
        class_name = fn.name  # type: ignore[attr-defined]
        outs = self.out_param_positions(class_name)
        key = instance_cache.key_of(fn, args, outs) if depth == 0 else None
        if key is None:
            return self._search(goal, fn, args, class_name, outs, depth)
        found = instance_cache.lookup(self, key, goal)
        if found is not None:
            return found
        before = id_counters()
        value = self._search(goal, fn, args, class_name, outs, depth)
        if value is not None:
            instance_cache.store(self, key, value, before)
        return value

    def _search(self, goal: Expr, fn: Expr, args: list[Expr], class_name: Name, outs: list[int], depth: int) -> Expr | None:
        """Local instances, then the instances of `class_name`, for `goal` (`fn args`)."""
        if outs:
            # Search with fresh out-parameters, then unify them with the goal's.
            search_args = [self.new_mvar(self.infer(a)) if i in outs else a for i, a in enumerate(args)]
            search_goal = mk_app(fn, search_args)
        else:
            search_goal = goal
        # Local instances first (`[inst : Add α]` in the context), innermost first, as Lean does.
        for decl in reversed(self.lctx.decls):
            if decl.binfo == AUX_DECL:
                continue  # the declaration being defined is no instance of itself (Lean: `auxDecl`s)
            head = get_app_fn(decl.type)
            if head.kind == CONST and head.name is class_name:  # type: ignore[attr-defined]
                token = self.mctx.checkpoint()
                if self.is_def_eq(decl.type, search_goal) and (not outs or self.is_def_eq(search_goal, goal)):
                    return decl.fvar
                self.mctx.rollback(token)
            elif head.kind == CONST and self.env.has_attribute("reducible", head.name) and not outs:  # type: ignore[attr-defined]
                # `[inst : DecidableEq α]` is `inst : (a b : α) → Decidable (a = b)`, an instance of
                # `Decidable` once applied: `inst x y` solves `Decidable (x = y)`, as in Lean.
                value = self._apply_local_instance(decl.fvar, decl.type, search_goal)
                if value is not None:
                    return value
        candidates = sorted(
            enumerate(self.env.instances.get(class_name, ())), key=lambda p: (p[1].priority, p[0]), reverse=True
        )
        for _, inst in candidates:
            token = self.mctx.checkpoint()
            value = self.try_instance(inst.name, search_goal, depth)
            if value is not None and (not outs or self.is_def_eq(search_goal, goal)):
                return self.instantiate(value)
            self.mctx.rollback(token)
        if not candidates and self.env.has_attribute("reducible", class_name):
            # `DecidableEq Nat` is `(a b : Nat) → Decidable (a = b)`: its instances are `Decidable`'s.
            unfolded = self.whnf(goal)
            if unfolded is not goal and unfolded != goal:
                return self.synth_instance(unfolded, depth + 1)
        return None

    def _apply_local_instance(self, fvar: Expr, ty: Expr, goal: Expr) -> Expr | None:
        t = self.whnf(ty)
        conclusion = t
        while conclusion.kind == PI:
            conclusion = conclusion.body  # type: ignore[attr-defined]
        head, goal_head = get_app_fn(conclusion), get_app_fn(goal)
        if head.kind != CONST or goal_head.kind != CONST or head.name is not goal_head.name:  # type: ignore[attr-defined]
            return None  # (cheap test first: not an instance of the goal's class)
        token = self.mctx.checkpoint()
        e = fvar
        while t.kind == PI:
            m = self.new_mvar(t.type)  # type: ignore[attr-defined]
            e = App(e, m)
            t = self.whnf(instantiate1(t.body, m))  # type: ignore[attr-defined]
        if self.is_def_eq(t, goal):
            return self.instantiate(e)
        self.mctx.rollback(token)
        return None

    def try_instance(self, inst_name: Name, goal: Expr, depth: int) -> Expr | None:
        c = self.mk_const(inst_name)
        ty = self.instantiate(self.infer(c))
        e: Expr = c
        subgoals: list[MVar] = []
        while True:
            t = ty if ty.kind == PI else self.whnf(ty)
            if t.kind != PI:
                break
            m = self.new_mvar(t.type)  # type: ignore[attr-defined]
            if t.binfo == INST_IMPLICIT:  # type: ignore[attr-defined]
                subgoals.append(m)
            e = App(e, m)
            ty = instantiate1(t.body, m)  # type: ignore[attr-defined]
        if not self._unify_instance_type(ty, goal):
            return None
        for sg in subgoals:
            if sg.mid in self.mctx.assignment:
                continue
            sub = self.synth_instance(self.mctx.decls[sg.mid].type, depth + 1)
            if sub is None or not self.is_def_eq(sg, sub):
                return None
        return e

    def _unify_instance_type(self, ty: Expr, goal: Expr) -> bool:
        """`C args =?= C args'` for an instance's type and the goal: the arguments first, then the
        class's universe levels. The arguments settle universe metavariables that the levels alone
        cannot (`Inhabited.{imax ?u ?v} (?α → ?β)` against `Inhabited.{1} (Nat → Nat)`), where Lean
        postpones the level constraint."""
        ft, fa = get_app_args(ty)
        gt, ga = get_app_args(goal)
        if ft.kind == CONST and gt.kind == CONST and ft.name is gt.name and len(fa) == len(ga):  # type: ignore[attr-defined]
            return all(self.is_def_eq(a, b) for a, b in zip(fa, ga)) and self.is_def_eq(ft, gt)
        return self.is_def_eq(ty, goal)

    def synthesize_pending(self, use_defaults: bool = True, report: bool = True) -> None:
        """Solve the waiting instance problems (see the module docstring), then, when this is the
        final round (`report`), run the waiting tactic blocks."""
        self._synthesize_instances(use_defaults, report)
        if use_defaults and self.postponed_checks and self.run_postponed_checks():
            self._synthesize_instances(use_defaults, report)
        if report and self.pending_tactics:
            self.run_pending_tactics()
            self._synthesize_instances(use_defaults, report)

    def _synthesize_instances(self, use_defaults: bool, report: bool) -> None:
        while True:
            progress = self._synthesize_round(only_ready=True)
            if not self.pending_instances:
                return
            if progress:
                continue
            if use_defaults and self._apply_default_instances():
                continue
            break
        # What is left waits on metavariables that nothing determined. Lean does not pick an instance
        # for them (`OfNat ?α 1` must not become `Int` because an `Int` instance happens to exist).
        if report and self.pending_instances:
            mvar, span = self.pending_instances[0]
            goal = self.instantiate(self.mctx.decls[mvar.mid].type)
            saved = self.lctx
            try:
                while goal.kind == PI:  # shown as the class application, as Lean shows it
                    self.lctx, x = self.lctx.add(goal.name, goal.type, None, goal.binfo)  # type: ignore[attr-defined]
                    goal = instantiate1(goal.body, x)  # type: ignore[attr-defined]
                shown = self.pp(goal)
            finally:
                self.lctx = saved
            raise ElabError(span, f"typeclass instance problem is stuck, it is often due to metavariables\n  {shown}")

    def _synthesize_round(self, only_ready: bool) -> bool:
        progress = False
        waiting: list = []
        for mvar, span in self.pending_instances:
            if mvar.mid in self.mctx.assignment:
                value = self.instantiate(mvar)
                head = get_app_fn(value)
                if head.kind == MVAR_KIND and head.mid not in self.mctx.assignment:  # type: ignore[attr-defined]
                    # Abstracted over binders (`?m := ?n xs`): the problem is now `?n`'s, to be tried
                    # in the next round.
                    waiting.append((head, span))
                    progress = True
                    continue
                # Assigned by unification: it must still be an instance of its class; the kernel checks.
                progress = True
                continue
            goal = self.instantiate(self.mctx.decls[mvar.mid].type)
            if only_ready and self._has_input_mvars(goal):
                waiting.append((mvar, span))
                continue
            value = self.synth_instance(goal)
            if value is None:
                if not self._has_input_mvars(goal):
                    raise ElabError(span, f"failed to synthesize\n  {self.pp(goal)}")
                waiting.append((mvar, span))
                continue
            if not self.is_def_eq(mvar, value):
                self.mctx.assign(mvar.mid, value)
            progress = True
        self.pending_instances = waiting
        return progress

    def _has_input_mvars(self, goal: Expr) -> bool:
        while goal.kind == PI:  # a problem abstracted over binders: its class application decides
            goal = goal.body  # type: ignore[attr-defined]
        fn, args = get_app_args(goal)
        outs = self.out_param_positions(fn.name) if fn.kind == CONST else []  # type: ignore[attr-defined]
        return any(a.has_mvar for i, a in enumerate(args) if i not in outs)

    def _apply_default_instances(self) -> bool:
        for mvar, span in list(self.pending_instances):
            goal = self.instantiate(self.mctx.decls[mvar.mid].type)
            token = self.mctx.checkpoint()
            value = self._default_instance(goal)
            if value is not None and self.is_def_eq(mvar, value):
                return True
            self.mctx.rollback(token)
        return False

    def _default_instance(self, goal: Expr) -> Expr | None:
        """A default instance for `goal`; under binders (a problem abstracted out of `∀ x, …`, such as
        `2 = 2 → OfNat (?α x) 1`) it is found for the body, as Lean's pattern unification allows."""
        if goal.kind == PI:
            from ..meta.instantiate import mk_lambda_fvars

            saved = self.lctx
            try:
                self.lctx, x = self.lctx.add(goal.name, goal.type, None, goal.binfo)  # type: ignore[attr-defined]
                body = self._default_instance(instantiate1(goal.body, x))  # type: ignore[attr-defined]
                return None if body is None else mk_lambda_fvars(self.mctx, self.lctx, [x], body)
            finally:
                self.lctx = saved
        fn = get_app_fn(goal)
        if fn.kind != CONST:
            return None
        for inst_name, _prio in sorted(self.env.default_instances.get(fn.name, ()), key=lambda p: -p[1]):  # type: ignore[attr-defined]
            token = self.mctx.checkpoint()
            value = self.try_instance(inst_name, goal, 0)
            if value is not None:
                return value
            self.mctx.rollback(token)
        return None

