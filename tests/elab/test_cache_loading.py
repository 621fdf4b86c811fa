"""What makes loading the cache cheap must not change what is loaded: terms written once when equal
in every field (binder names included)."""

from __future__ import annotations

from lantern.kernel.expr import App, Const, Lam, Pi
from lantern.kernel.name import Name

from ..kernel.builders import NAT, lam, succ


def test_equal_terms_are_stored_once_and_binder_names_survive(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from lantern.elab import cache

    monkeypatch.setenv("LANTERN_CACHE_DIR", str(tmp_path))
    f = Const(Name.of("f"))
    t1 = lam("x", NAT, lambda x: App(f, succ(x)))
    t2 = lam("x", NAT, lambda x: App(f, succ(x)))  # equal in every field, another object
    t3 = lam("y", NAT, lambda y: App(f, succ(y)))  # equal up to the binder name only
    data = {"a": [t1, t2, t3], "b": (t2, Pi(Name.of("z"), NAT, NAT))}
    cache.store("terms", "k", data)
    loaded = cache.load("terms", "k")
    a1, a2, a3 = loaded["a"]
    assert a1 == t1 and a2 == t2 and a3 == t3
    assert a1 is a2 and loaded["b"][0] is a1  # written once
    assert a3 is not a1 and isinstance(a3, Lam)
    assert str(a3.name) == "y" and str(a1.name) == "x"  # type: ignore[attr-defined]
    assert a1.body.fn is a3.body.fn  # type: ignore[attr-defined]  # shared below the binder
    assert str(loaded["b"][1].name) == "z"
