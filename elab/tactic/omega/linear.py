"""Linear forms over `Nat` coefficient lists, exactly as the kernel computes them.

`Omega.ltn` states each step of a proof with functions on coefficient lists (`addL`, `scaleL`,
`single`, `zeros`, `NExpr.coeffs`, …); the kernel checks a step by evaluating them on literal lists.
The tactic states the result of each step as a literal, so it must compute the very same lists,
trailing zeros included: these functions mirror the Lean definitions one for one.
"""

from __future__ import annotations

from lantern.kernel.record import record


def single(i: int) -> list[int]:
    return [0] * i + [1]


def add_l(xs: list[int], ys: list[int]) -> list[int]:
    """`addL`: pointwise sum; the longer list's tail is kept."""
    n = min(len(xs), len(ys))
    return [xs[i] + ys[i] for i in range(n)] + (xs[n:] if len(xs) > n else ys[n:])


def scale_l(c: int, xs: list[int]) -> list[int]:
    return [c * x for x in xs]


@record(frozen=True)
class Form:
    """The constraint `dot P σ + p ≤ dot Q σ + q` (`Lean.Omega.Le σ P p Q q`)."""

    P: tuple[int, ...]
    p: int
    Q: tuple[int, ...]
    q: int

    def cancelled(self) -> tuple["Form", tuple[int, ...], int]:
        """The form with the common part `C`, `c` taken off both sides (as `Lean.Omega.cancel` needs:
        `addL P' C = P` and `p' + c = p`), and that common part."""
        m = min(len(self.P), len(self.Q))
        C = tuple(min(self.P[i], self.Q[i]) for i in range(m))
        c = min(self.p, self.q)
        P = tuple(self.P[i] - C[i] for i in range(m)) + self.P[m:]
        Q = tuple(self.Q[i] - C[i] for i in range(m)) + self.Q[m:]
        return Form(P, self.p - c, Q, self.q - c), C, c

    def is_cancelled(self) -> bool:
        return min(self.p, self.q) == 0 and all(min(a, b) == 0 for a, b in zip(self.P, self.Q))


def combo(a: int, f1: Form, b: int, f2: Form) -> Form:
    """What `Lean.Omega.combo σ a b …` proves."""
    return Form(
        tuple(add_l(scale_l(a, list(f1.P)), scale_l(b, list(f2.P)))),
        a * f1.p + b * f2.p,
        tuple(add_l(scale_l(a, list(f1.Q)), scale_l(b, list(f2.Q)))),
        a * f1.q + b * f2.q,
    )
