"""Code builders that do not depend on the term being compiled: constants, closures for λs,
tail calls, and the two shapes of recursor code (case analysis and folds).

A `Code` is a Python function from the frame (the tuple of the bound variables' values) to a value;
each builder returns one, specialised for small arities so that running it costs few Python calls.
"""

from __future__ import annotations

from typing import Optional

from . import layout as L
from .budget import BUDGET
from .recursor import RecPlan, run_rec
from .values import ERASED, Code, TailCall, Value, apply_all, curry


def const_code(v: Value) -> Code:
    def code(fr: tuple) -> Value:
        return v

    return code


ERASED_CODE = const_code(ERASED)


class Minor:
    """How one minor premise of a recursor application is compiled: `direct` (its λ-body inline,
    run on the frame extended by fields and hypotheses) or as a value to apply."""

    __slots__ = ("direct", "code", "needs", "nbind")

    def __init__(self, direct: bool, code: Optional[Code], needs: Optional[tuple[bool, ...]], nbind: int) -> None:
        self.direct = direct
        self.code = code
        self.needs = needs
        self.nbind = nbind


def rec_code(plan: RecPlan, k: int, minors: list[Minor], major: Code) -> Code:
    """A recursor whose hypotheses are used: fold the major premise with `run_rec`."""
    needs = [m.needs for m in minors]
    nminors = len(minors)
    unset = object()

    def run(fr: tuple) -> Value:
        memo = [unset] * nminors

        def apply_minor(j: int, fs: tuple, ihs: tuple) -> Value:
            m = minors[j]
            if m.direct:
                return m.code(fr + fs + ihs)  # type: ignore[misc]
            v = memo[j]
            if v is unset:
                v = memo[j] = m.code(fr)  # type: ignore[misc]
            return apply_all(v, fs + ihs)

        return run_rec(plan, k, major(fr), apply_minor, needs)

    return run


def lambda_code(n: int, body: Code) -> Code:
    """Code creating the closure of `fun x₁ … xₙ => body` over the current frame."""
    tick = BUDGET
    if n == 1:
        def mk1(fr: tuple) -> Value:
            def f(x: Value) -> Value:
                tick.tick()
                return body(fr + (x,))

            return f

        return mk1
    if n == 2:
        def mk2(fr: tuple) -> Value:
            def f(x: Value) -> Value:
                def g(y: Value) -> Value:
                    tick.tick()
                    return body(fr + (x, y))

                return g

            return f

        return mk2

    def run(frame: tuple) -> Value:
        tick.tick()
        return body(frame)

    return lambda fr: curry(n, run, fr)


def tail_call_code(codes: list[Code]) -> Code:
    def tail(fr: tuple) -> Value:
        return TailCall(tuple([c(fr) for c in codes]))

    return tail


def cases_code(lay: L.Layout, branches: list[Minor], nihs: list[int], major: Code, major_slot: Optional[int]) -> Code:
        """A recursor used for case analysis only: pick the branch, bind the fields, run it."""
        codes = [b.code for b in branches]
        if lay.kind == L.ENUM:
            if all(b.nbind == 0 for b in branches):
                s = major_slot
                if s is not None:
                    return lambda fr: codes[fr[s]](fr)  # type: ignore[misc]
                return lambda fr: codes[major(fr)](fr)  # type: ignore[misc]
            blanks = [(ERASED,) * b.nbind for b in branches]  # the fields are all irrelevant

            def cases_enum(fr: tuple) -> Value:
                c = major(fr)
                return codes[c](fr + blanks[c])  # type: ignore[misc]

            return cases_enum
        pads = [(ERASED,) * n for n in nihs]
        cidx, fields = lay.cidx, lay.fields
        if lay.kind == L.CTOR:
            def cases_ctor(fr: tuple) -> Value:
                m = major(fr)
                c = m[0]
                return codes[c](fr + m[1:] + pads[c])  # type: ignore[misc]

            return cases_ctor
        if lay.kind == L.NAT:
            zero, succ = codes
            pad = pads[1]

            def cases_nat(fr: tuple) -> Value:
                m = major(fr)
                if m:
                    return succ(fr + (m - 1,) + pad)  # type: ignore[misc]
                return zero(fr)  # type: ignore[misc]

            return cases_nat

        def cases(fr: tuple) -> Value:
            m = major(fr)
            c = cidx(m)
            return codes[c](fr + fields(m) + pads[c])  # type: ignore[misc]

        return cases
