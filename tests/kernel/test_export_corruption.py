"""`lantern check-export` on corrupted copies of a real lean4export file.

Each test loads `examples/Nat.add_succ.ndjson` (exported by Lean 4.27), corrupts one thing, writes the
result to a temporary file and runs the real CLI entry point on it. A rejection must exit 1 and name
the culprit: the constant whose record was corrupted or, where the corruption only shows later, the
first declaration that depends on it (the test says which).

Exit codes: 0 accepted, 1 rejected (`FILE: rejected: (kernel) declaration 'NAME': reason`, or
`rejected: malformed export: ...`), 2 cannot decide.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from lantern.cli import main

from .ndjson_edit import Export

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "Nat.add_succ.ndjson"


@dataclass
class Outcome:
    code: int
    out: str
    err: str


@pytest.fixture
def ex() -> Export:
    """A fresh, editable copy of the example export."""
    return Export.load(EXAMPLE)


@pytest.fixture
def check(tmp_path, capsys):
    """Write an `Export` (or take a path) and run `lantern check-export` on it in-process."""

    def run(target: Export | Path | str, filename: str = "export.ndjson") -> Outcome:
        path = target.write(tmp_path / filename) if isinstance(target, Export) else target
        capsys.readouterr()
        code = main(["check-export", str(path)])
        captured = capsys.readouterr()
        return Outcome(code, captured.out, captured.err)

    return run


def assert_rejected(outcome: Outcome, culprit: str, *fragments: str) -> None:
    """Exit 1, nothing on stdout, one line on stderr that names `culprit` (and says each fragment)."""
    assert outcome.code == 1, outcome
    assert outcome.out == "", outcome
    assert len(outcome.err.strip().splitlines()) == 1, outcome
    assert ": rejected: (kernel) " in outcome.err, outcome
    assert f"declaration '{culprit}':" in outcome.err, outcome
    for fragment in fragments:
        assert fragment in outcome.err, outcome


def assert_malformed(outcome: Outcome, *fragments: str) -> None:
    assert outcome.code == 1, outcome
    assert outcome.out == "", outcome
    assert ": rejected: malformed export: " in outcome.err, outcome
    for fragment in fragments:
        assert fragment in outcome.err, outcome


def line_number(ex: Export, record: dict) -> int:
    """1-based line of `record` in the written file."""
    return ex.index(record) + 1


def one(ex: Export) -> int:
    """The level `0+1`."""
    return ex.level({"succ": 0})


def add_theorem(ex: Export, name: str, type: int, value: int, level_params: list[int] = ()) -> dict:  # type: ignore[assignment]
    """Append a theorem record (format 3.0.0 spelling) and return the line."""
    nid = ex.add_name(name)
    line = {"thm": [{"all": [nid], "levelParams": list(level_params), "name": nid, "type": type, "value": value}]}
    ex.insert(line)
    return line


def add_nat_sum_theorem(ex: Export, name: str, a: int, b: int, c: int) -> dict:
    """Append `theorem name : a + b = c := rfl` on Nat literals, with `+` as `HAdd.hAdd` via `instAddNat`."""
    nat = ex.const("Nat")
    inst = ex.app(ex.const("instHAdd", [0]), nat, ex.const("instAddNat"))
    plus = ex.app(ex.const("HAdd.hAdd", [0, 0, 0]), nat, nat, nat, inst)
    lhs = ex.app(plus, ex.nat_lit(a), ex.nat_lit(b))
    statement = ex.app(ex.const("Eq", [one(ex)]), nat, lhs, ex.nat_lit(c))
    proof = ex.app(ex.const("rfl", [one(ex)]), nat, lhs)
    return add_theorem(ex, name, statement, proof)


# -- the untouched file, the console script ---------------------------------------------------------


def test_untouched_export_is_accepted(check):
    """The real Lean 4.27 export is accepted as it is."""
    outcome = check(EXAMPLE)
    assert outcome.code == 0, outcome
    assert outcome.err == ""
    assert "accepted: 19 declarations, 32 constants checked" in outcome.out


def test_rewritten_export_is_accepted(ex, check):
    """Loading and re-writing the file with the editing helper changes nothing the kernel sees."""
    assert ex.declared_names()[-1] == "Nat.add_succ"
    outcome = check(ex)
    assert outcome.code == 0, outcome


def _lantern_executable() -> str:
    exe = shutil.which("lantern", path=os.path.dirname(sys.executable)) or shutil.which("lantern")
    assert exe is not None, "the `lantern` console script is not installed"
    return exe


def test_console_script_accepts_the_export():
    """`lantern check-export` run as a program: exit 0 and an `accepted` line on stdout."""
    proc = subprocess.run([_lantern_executable(), "check-export", str(EXAMPLE)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc
    assert proc.stdout.startswith(f"{EXAMPLE}: accepted: 19 declarations")
    assert proc.stderr == ""


def test_console_script_rejects_a_false_theorem(ex, tmp_path):
    """`lantern check-export` run as a program: a `2 + 2 = 5` theorem proved by `rfl` exits 1, naming it."""
    add_nat_sum_theorem(ex, "two_add_two_eq_five", 2, 2, 5)
    path = ex.write(tmp_path / "five.ndjson")
    proc = subprocess.run([_lantern_executable(), "check-export", str(path)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1, proc
    assert proc.stdout == ""
    assert proc.stderr.startswith(f"{path}: rejected: (kernel) declaration 'two_add_two_eq_five': ")


# -- false statements and wrong proofs --------------------------------------------------------------


def test_false_theorem_statement_still_proved_by_rfl(ex, check):
    """Nat.add_succ restated as `n + succ m = n + m` (false), keeping its proof `rfl`."""
    thm = ex.decl("Nat.add_succ")
    line = ex.line_of("Nat.add_succ")
    inner = ex.body(ex.body(thm["type"]))  # @Eq Nat (n + succ m) (succ (n + m))
    eq, (nat, lhs, rhs) = ex.unapp(inner)
    succ, (n_plus_m,) = ex.unapp(rhs)
    assert ex.kind(succ) == ("const", {"name": ex.name_id("Nat.succ"), "us": []})
    false_eq = ex.app(eq, nat, lhs, n_plus_m, before=line)
    outer = ex.kind(thm["type"])[1]
    inner_binder = ex.kind(outer["body"])[1]
    body = ex.binder("forallE", "m", inner_binder["type"], false_eq, before=line)
    thm["type"] = ex.binder("forallE", "n", outer["type"], body, before=line)
    assert_rejected(check(ex), "Nat.add_succ", "declared type and value type do not match")


def test_new_theorem_two_add_two_eq_five_by_rfl(ex, check):
    """A new theorem record `2 + 2 = 5` proved by `rfl`."""
    add_nat_sum_theorem(ex, "two_add_two_eq_five", 2, 2, 5)
    assert_rejected(check(ex), "two_add_two_eq_five", "declared type and value type do not match")


def test_new_theorem_two_add_two_eq_four_by_rfl_is_accepted(ex, check):
    """Control for the previous test: the same record with the true statement `2 + 2 = 4` is accepted."""
    add_nat_sum_theorem(ex, "two_add_two_eq_four", 2, 2, 4)
    outcome = check(ex)
    assert outcome.code == 0, outcome
    assert "accepted: 20 declarations" in outcome.out


def test_bogus_nat_add_definition_cannot_prove_four_eq_two(ex, check):
    """Nat.add redefined as `fun x y => x`, exploited to prove `4 = 2`: should be rejected at Nat.add."""
    # `Nat.add 2 2 = 4` holds by literal arithmetic, `∀ x, Nat.add 2 x = 2` by unfolding the bogus
    # definition; Eq.rec combines them into `4 = 2`.
    ex.records.remove(ex.line_of("Nat.add_succ"))  # false under the bogus Nat.add; not the point here
    line = ex.line_of("Nat.add")
    nat = ex.const("Nat")
    first = ex.binder("lam", "x", nat, ex.binder("lam", "y", nat, ex.bvar(1, before=line), before=line), before=line)
    ex.decl("Nat.add")["value"] = first
    add, two, four = ex.const("Nat.add"), ex.nat_lit(2), ex.nat_lit(4)
    eq, rfl = ex.app(ex.const("Eq", [one(ex)]), nat), ex.app(ex.const("rfl", [one(ex)]), nat)
    add_2_2 = ex.app(add, two, two)
    # computed: Nat.add 2 2 = 4 := rfl
    add_theorem(ex, "computed", ex.app(eq, add_2_2, four), ex.app(rfl, add_2_2))
    # unfolded: ∀ x, Nat.add 2 x = 2 := fun x => rfl
    unfolded_type = ex.binder("forallE", "x", nat, ex.app(eq, ex.app(add, two, ex.bvar(0)), two))
    add_theorem(ex, "unfolded", unfolded_type, ex.binder("lam", "x", nat, ex.app(rfl, two)))
    # four_eq_two : 4 = 2 := @Eq.rec Nat (Nat.add 2 2) (fun b _ => b = 2) (unfolded 2) 4 computed
    motive = ex.binder("lam", "b", nat, ex.binder("lam", "h", ex.app(eq, add_2_2, ex.bvar(0)), ex.app(eq, ex.bvar(1), two)))
    proof = ex.app(ex.const("Eq.rec", [0, one(ex)]), nat, add_2_2, motive, ex.app(ex.const("unfolded"), two), four,
                   ex.const("computed"))
    add_theorem(ex, "four_eq_two", ex.app(eq, four, two), proof)
    outcome = check(ex)
    assert outcome.code == 1, outcome
    assert "Nat.add" in outcome.err, outcome


def test_proof_replaced_by_unrelated_term_of_another_type(ex, check):
    """Nat.add_succ's proof replaced by the function `Nat.add : Nat → Nat → Nat`."""
    ex.decl("Nat.add_succ")["value"] = ex.const("Nat.add", before=ex.line_of("Nat.add_succ"))
    assert_rejected(check(ex), "Nat.add_succ", "declared type and value type do not match")


def test_definition_value_of_wrong_type(ex, check):
    """instAddNat : Add Nat given the value `Nat.add` (a function, not an `Add Nat` structure)."""
    ex.decl("instAddNat")["value"] = ex.const("Nat.add", before=ex.line_of("instAddNat"))
    assert_rejected(check(ex), "instAddNat", "declared type and value type do not match")


def test_theorem_whose_type_is_not_a_proposition(ex, check):
    """A theorem record `Nat.zero : Nat` (its type is a Type, not a Prop)."""
    add_theorem(ex, "not_a_prop", ex.const("Nat"), ex.const("Nat.zero"))
    assert_rejected(check(ex), "not_a_prop", "not a proposition")


# -- recursors --------------------------------------------------------------------------------------


def test_recursor_rules_order_swapped(ex, check):
    """Nat.rec's two rules (zero, succ) listed in the opposite order."""
    rec = ex.decl("Nat.rec")
    rec["rules"].reverse()
    assert_rejected(check(ex), "Nat.rec", "recursor rule for 'Nat.succ' where the kernel has 'Nat.zero'")


def test_recursor_rule_right_hand_sides_swapped(ex, check):
    """Nat.rec's rules in order, but the zero rule has the succ rule's rhs and vice versa."""
    zero_rule, succ_rule = ex.decl("Nat.rec")["rules"]
    zero_rule["rhs"], succ_rule["rhs"] = succ_rule["rhs"], zero_rule["rhs"]
    assert_rejected(check(ex), "Nat.rec", "rule for 'Nat.zero'", "differs from the one the kernel generates")


def test_recursor_claims_k_for_nat(ex, check):
    """Nat.rec marked `"k": true` (K-like reduction, which only suits Prop types like Eq)."""
    ex.decl("Nat.rec")["k"] = True
    assert_rejected(check(ex), "Nat.rec", "k = True", "computes False")


def test_recursor_denies_k_for_eq(ex, check):
    """Eq.rec marked `"k": false`, although the kernel computes K-like reduction for Eq."""
    ex.decl("Eq.rec")["k"] = False
    assert_rejected(check(ex), "Eq.rec", "k = False")


def test_recursor_rule_nfields_wrong(ex, check):
    """PProd.rec's rule for PProd.mk claims 1 field (it has 2: fst and snd)."""
    (rule,) = ex.decl("PProd.rec")["rules"]
    assert rule["nfields"] == 2
    rule["nfields"] = 1
    assert_rejected(check(ex), "PProd.rec", "nfields = 1")


def test_recursor_num_minors_wrong(ex, check):
    """Nat.rec claims 3 minor premises (it has 2)."""
    ex.decl("Nat.rec")["numMinors"] = 3
    assert_rejected(check(ex), "Nat.rec", "numMinors = 3")


def test_recursor_num_motives_wrong(ex, check):
    """Nat.rec claims 2 motives (Nat is not mutual: 1)."""
    ex.decl("Nat.rec")["numMotives"] = 2
    assert_rejected(check(ex), "Nat.rec", "numMotives = 2")


def test_recursor_num_params_wrong(ex, check):
    """Eq.rec claims 1 parameter (Eq has 2: α and a)."""
    ex.decl("Eq.rec")["numParams"] = 1
    assert_rejected(check(ex), "Eq.rec", "numParams = 1")


def test_recursor_missing_from_the_file(ex, check):
    """The Nat block without its recursor record."""
    ex.line_of("Nat")["inductive"]["recursorVals"] = []
    assert_rejected(check(ex), "Nat.rec", "recursor missing")


def test_recursor_type_with_wrong_motive_universe(ex, check):
    """PUnit.rec's type eliminates into `Sort (u_1+1)` instead of `Sort u_1`."""
    line = ex.line_of("PUnit")
    rec = ex.decl("PUnit.rec")
    u1 = ex.level({"param": ex.name_id("u_1")}, before=line)
    motive_sort = ex.sort(u1, before=line)
    bumped = ex.sort(ex.add_level({"succ": u1}, before=line), before=line)
    rec["type"] = _replace(ex, rec["type"], motive_sort, bumped, before=line)
    assert_rejected(check(ex), "PUnit.rec", "differs from the one the kernel generates")


def _replace(ex: Export, i: int, old: int, new: int, before: dict) -> int:
    """Expression `i` with every occurrence of expression `old` replaced by `new` (as new records)."""
    if i == old:
        return new
    key, payload = ex.kind(i)
    if key == "app":
        fn, arg = _replace(ex, payload["fn"], old, new, before), _replace(ex, payload["arg"], old, new, before)
        return i if (fn, arg) == (payload["fn"], payload["arg"]) else ex.expr({"app": {"fn": fn, "arg": arg}}, before)
    if key in ("forallE", "lam"):
        t, b = _replace(ex, payload["type"], old, new, before), _replace(ex, payload["body"], old, new, before)
        if (t, b) == (payload["type"], payload["body"]):
            return i
        return ex.expr({key: {**payload, "type": t, "body": b}}, before)
    return i


# -- inductive types and constructors -----------------------------------------------------------------


def test_num_params_disagrees_with_type(ex, check):
    """Nat's record claims 1 parameter, but `Nat : Type` has no binders."""
    ex.decl("Nat")["numParams"] = 1
    assert_rejected(check(ex), "Nat", "number of parameters mismatch")


def test_num_params_swallows_an_index(ex, check):
    """Eq's record claims 3 parameters (its index becomes a parameter): shows at the constructor Eq.refl."""
    # 3 parameters agree with Eq's type (3 binders); what no longer fits is Eq.refl's result `Eq α a a`,
    # whose last argument is not the third parameter.
    ex.decl("Eq")["numParams"] = 3
    assert_rejected(check(ex), "Eq.refl", "applied to the parameters and indices")


def test_constructor_num_params_wrong(ex, check):
    """Eq.refl's record claims 1 parameter (the kernel computes 2)."""
    ex.decl("Eq.refl")["numParams"] = 1
    assert_rejected(check(ex), "Eq.refl", "numParams = 1")


def test_constructor_num_fields_wrong(ex, check):
    """Nat.succ's record claims 2 fields (it has 1)."""
    ex.decl("Nat.succ")["numFields"] = 2
    assert_rejected(check(ex), "Nat.succ", "numFields = 2")


def test_num_indices_wrong(ex, check):
    """Eq's record claims 0 indices (it has 1)."""
    ex.decl("Eq")["numIndices"] = 0
    assert_rejected(check(ex), "Eq", "numIndices = 0")


def test_constructor_cidx_wrong(ex, check):
    """Nat.succ's record claims constructor index 0 (it is the second constructor: 1)."""
    ex.decl("Nat.succ")["cidx"] = 0
    assert_rejected(check(ex), "Nat.succ", "cidx = 0")


def test_is_rec_flipped(ex, check):
    """Nat's record claims `isRec: false`, but Nat.succ takes a Nat."""
    ex.decl("Nat")["isRec"] = False
    assert_rejected(check(ex), "Nat", "isRec = False")


def test_is_reflexive_flipped(ex, check):
    """Nat's record claims `isReflexive: true`, but no constructor takes a function into Nat."""
    ex.decl("Nat")["isReflexive"] = True
    assert_rejected(check(ex), "Nat", "isReflexive = True")


def test_constructor_returns_a_different_type(ex, check):
    """PUnit.unit's type changed from `PUnit.{u}` to `Nat`."""
    ex.decl("PUnit.unit")["type"] = ex.const("Nat", before=ex.line_of("PUnit"))
    assert_rejected(check(ex), "PUnit.unit")


def test_constructor_listed_but_not_given(ex, check):
    """Nat lists the constructors zero and succ, but the block only gives Nat.zero."""
    block = ex.line_of("Nat")["inductive"]
    block["constructorVals"] = block["constructorVals"][:1]
    assert_rejected(check(ex), "Nat", "'Nat.succ' is listed but not given")


def test_non_positive_inductive_type(ex, check):
    """A new inductive `Bad` with `Bad.mk : (Bad → Nat) → Bad` (not strictly positive): culprit Bad.mk."""
    bad, mk = ex.add_name("Bad"), ex.add_name("Bad.mk")
    ex.add_name("Bad.rec")
    bad_const, nat = ex.const("Bad"), ex.const("Nat")
    ctor_type = ex.binder("forallE", "f", ex.binder("forallE", "x", bad_const, nat), bad_const)
    type_one = ex.sort(one(ex))
    ex.insert({"inductive": {
        "inductiveVals": [{"all": [bad], "ctors": [mk], "isRec": True, "isReflexive": True, "isUnsafe": False,
                           "levelParams": [], "name": bad, "numIndices": 0, "numNested": 0, "numParams": 0,
                           "type": type_one}],
        "constructorVals": [{"cidx": 0, "induct": bad, "isUnsafe": False, "levelParams": [], "name": mk,
                             "numFields": 1, "numParams": 0, "type": ctor_type}],
        "recursorVals": [],
    }})
    assert_rejected(check(ex), "Bad.mk", "non positive occurrence")


def test_unsafe_inductive_used_by_safe_definition(ex, check):
    """Nat (type, constructors, recursor) marked unsafe: shows at Nat.below, the first safe user of Nat."""
    for d in ("Nat", "Nat.zero", "Nat.succ", "Nat.rec"):
        ex.decl(d)["isUnsafe"] = True
    assert_rejected(check(ex), "Nat.below", "unsafe")


def add_two_constructor_prop(ex: Export, large_elimination: bool) -> None:
    """Append `inductive MyOr : Prop | a | b` with its recursor. With `large_elimination` the recursor
    record claims `MyOr.rec.{u}` with a motive into `Sort u` (as for a Type); without, the motive is
    into `Prop`, which is what the kernel generates for a Prop with two constructors."""
    ind, ctor_a, ctor_b, rec = (ex.add_name(n) for n in ("MyOr", "MyOr.a", "MyOr.b", "MyOr.rec"))
    u = ex.name_id("u")
    prop, my_or = ex.sort(0), ex.const("MyOr")
    motive_sort = ex.sort(ex.level({"param": u})) if large_elimination else prop
    motive_type = ex.binder("forallE", "t", my_or, motive_sort)
    minor_a = ex.app(ex.bvar(0), ex.const("MyOr.a"))
    minor_b = ex.app(ex.bvar(1), ex.const("MyOr.b"))
    conclusion = ex.binder("forallE", "t", my_or, ex.app(ex.bvar(3), ex.bvar(0)))
    rec_type = ex.binder("forallE", "motive", motive_type,
                         ex.binder("forallE", "a", minor_a, ex.binder("forallE", "b", minor_b, conclusion)))

    def rhs(k: int) -> int:  # fun motive a b => a (k = 1) or b (k = 0)
        return ex.binder("lam", "motive", motive_type,
                         ex.binder("lam", "a", minor_a, ex.binder("lam", "b", minor_b, ex.bvar(k))))

    rules = [{"ctor": ctor_a, "nfields": 0, "rhs": rhs(1)}, {"ctor": ctor_b, "nfields": 0, "rhs": rhs(0)}]
    ex.insert({"inductive": {
        "inductiveVals": [{"all": [ind], "ctors": [ctor_a, ctor_b], "isRec": False, "isReflexive": False,
                           "isUnsafe": False, "levelParams": [], "name": ind, "numIndices": 0, "numNested": 0,
                           "numParams": 0, "type": prop}],
        "constructorVals": [
            {"cidx": i, "induct": ind, "isUnsafe": False, "levelParams": [], "name": c, "numFields": 0,
             "numParams": 0, "type": my_or} for i, c in enumerate((ctor_a, ctor_b))],
        "recursorVals": [{"all": [ind], "isUnsafe": False, "k": False, "levelParams": [u] if large_elimination else [],
                          "name": rec, "numIndices": 0, "numMinors": 2, "numMotives": 1, "numParams": 0,
                          "rules": rules, "type": rec_type}],
    }})


def test_prop_with_two_constructors_eliminating_into_prop_is_accepted(ex, check):
    """Control: a new `inductive MyOr : Prop | a | b` whose recursor eliminates into Prop is accepted."""
    add_two_constructor_prop(ex, large_elimination=False)
    outcome = check(ex)
    assert outcome.code == 0, outcome
    assert "accepted: 20 declarations, 36 constants checked" in outcome.out


def test_prop_with_two_constructors_claims_large_elimination(ex, check):
    """MyOr : Prop with two constructors, its recursor record claiming `MyOr.rec.{u}` into any `Sort u`."""
    add_two_constructor_prop(ex, large_elimination=True)
    assert_rejected(check(ex), "MyOr.rec", "universe parameters")


def test_partial_definition_used_by_safe_definition(ex, check):
    """Nat.add marked `"safety": "partial"`: shows at instAddNat, the first safe declaration using it."""
    ex.decl("Nat.add")["safety"] = "partial"
    assert_rejected(check(ex), "instAddNat", "partial declaration 'Nat.add'")


# -- universes ----------------------------------------------------------------------------------------


def test_lost_universe_parameter_of_inductive(ex, check):
    """PProd's type record drops its universe parameter `v` (still used in its type)."""
    pprod = ex.decl("PProd")
    assert pprod["levelParams"] == [ex.name_id("u"), ex.name_id("v")]
    pprod["levelParams"] = pprod["levelParams"][:1]
    assert_rejected(check(ex), "PProd", "universe level parameter 'v'")


def test_lost_universe_parameter_of_recursor(ex, check):
    """Eq.rec's record drops its universe parameter `u_1` (the kernel's Eq.rec has two)."""
    rec = ex.decl("Eq.rec")
    rec["levelParams"] = rec["levelParams"][:1]
    assert_rejected(check(ex), "Eq.rec", "universe parameters")


def test_lost_universe_parameter_of_definition(ex, check):
    """outParam.{u} loses its only universe parameter, though its type mentions `Sort u`."""
    ex.decl("outParam")["levelParams"] = []
    assert_rejected(check(ex), "outParam", "universe level parameter 'u'")


def test_duplicate_universe_parameter(ex, check):
    """rfl's record lists its universe parameter twice: `rfl.{u, u}`."""
    d = ex.decl("rfl")
    d["levelParams"] = d["levelParams"] * 2
    assert_rejected(check(ex), "rfl", "duplicate universe level parameter")


def test_universe_level_bumped_in_definition_type(ex, check):
    """outParam's type `Sort u → Sort u` changed to `Sort u → Sort (u+1)`, its value `fun α => α` kept."""
    line = ex.line_of("outParam")
    d = ex.decl("outParam")
    key, pi = ex.kind(d["type"])
    _, u = ex.kind(pi["body"])  # the result `Sort u`
    bumped = ex.sort(ex.add_level({"succ": u}, before=line), before=line)
    d["type"] = ex.expr({"forallE": {**pi, "body": bumped}}, before=line)
    assert_rejected(check(ex), "outParam", "declared type and value type do not match")


def test_nat_in_a_higher_universe_shows_at_first_dependent(ex, check):
    """Nat declared in `Type 1` (Sort 2) instead of `Type`: shows at Nat.add, the first to rely on `Nat : Type`."""
    # Nat's own block is consistent in Type 1, and so are Nat.below, Nat.brecOn, … (universe
    # polymorphic); Nat.add's `Nat.brecOn.{1} (fun _ => Nat → Nat)` needs `Nat → Nat : Type`.
    line = ex.line_of("Nat")
    two = ex.add_level({"succ": one(ex)}, before=line)
    ex.decl("Nat")["type"] = ex.sort(two, before=line)
    assert_rejected(check(ex), "Nat.add")


def test_wrong_number_of_universe_arguments(ex, check):
    """Nat.add_succ's statement uses `Eq` with no universe argument (Eq takes one)."""
    line = ex.line_of("Nat.add_succ")
    thm = ex.decl("Nat.add_succ")
    eq_one = ex.const("Eq", [one(ex)], before=line)
    eq_none = ex.const("Eq", [], before=line)
    thm["type"] = _replace(ex, thm["type"], eq_one, eq_none, before=line)
    assert_rejected(check(ex), "Nat.add_succ", "universe")


# -- order and duplicates -----------------------------------------------------------------------------


def test_declaration_used_before_it_is_declared(ex, check):
    """rfl's line moved after Nat.add_succ, whose proof uses it: the culprit is Nat.add_succ."""
    ex.move_after(ex.line_of("rfl"), ex.line_of("Nat.add_succ"))
    assert ex.declared_names()[-2:] == ["Nat.add_succ", "rfl"]
    assert_rejected(check(ex), "Nat.add_succ", "unknown constant 'rfl'")


def test_inductive_used_before_it_is_declared(ex, check):
    """PProd's block moved after Nat.below, whose value uses PProd: the culprit is Nat.below."""
    ex.move_after(ex.line_of("PProd"), ex.line_of("Nat.below"))
    assert_rejected(check(ex), "Nat.below", "unknown constant 'PProd'")


def test_declaration_given_twice(ex, check):
    """rfl's line appears twice (the second copy right after the first)."""
    line = ex.line_of("rfl")
    ex.records.insert(ex.index(line) + 1, json.loads(json.dumps(line)))
    assert_rejected(check(ex), "rfl", "already been declared")


def test_inductive_given_twice(ex, check):
    """Nat's whole block (type, constructors, recursor) appears a second time at the end."""
    ex.insert(json.loads(json.dumps(ex.line_of("Nat"))))
    assert_rejected(check(ex), "Nat", "already been declared")


# -- terms --------------------------------------------------------------------------------------------


def test_loose_bound_variable_in_theorem_type(ex, check):
    """Nat.add_succ's statement loses its outer `∀ n`, leaving `n` as a loose bound variable #1."""
    thm = ex.decl("Nat.add_succ")
    thm["type"] = ex.body(thm["type"])
    assert_rejected(check(ex), "Nat.add_succ", "loose bound variable")


def test_let_value_of_wrong_type(ex, check):
    """A new definition `foo : Nat := let x : Nat := PUnit.unit; Nat.zero` (the let value is no Nat)."""
    nat = ex.const("Nat")
    let = ex.add_expr({"letE": {"name": ex.add_name("x"), "type": nat, "value": ex.const("PUnit.unit", [one(ex)]),
                                "body": ex.const("Nat.zero"), "nondep": False}})
    nid = ex.add_name("foo")
    ex.insert({"def": [{"all": [nid], "hints": {"regular": 1}, "levelParams": [], "name": nid, "safety": "safe",
                        "type": nat, "value": let}]})
    assert_rejected(check(ex), "foo", "let x")


def test_projection_index_out_of_range(ex, check):
    """Add.add's value projects field 1 of an `Add` structure, which has only field 0."""
    line = ex.line_of("Add.add")
    d = ex.decl("Add.add")
    outer = ex.kind(d["value"])[1]  # fun α => fun self => self.0
    inner = ex.kind(outer["body"])[1]
    _, proj = ex.kind(inner["body"])
    bad = ex.expr({"proj": {**proj, "idx": 1}}, before=line)
    new_inner = ex.expr({"lam": {**inner, "body": bad}}, before=line)
    d["value"] = ex.expr({"lam": {**outer, "body": new_inner}}, before=line)
    assert_rejected(check(ex), "Add.add")


def test_negative_projection_index_is_malformed(ex, check):
    """Add.add's projection given index -1: field indices are natural numbers (a negative one would let
    a term's type and its reduct disagree), so the record is malformed."""
    line = ex.line_of("Add.add")
    d = ex.decl("Add.add")
    outer = ex.kind(d["value"])[1]
    inner = ex.kind(outer["body"])[1]
    _, proj = ex.kind(inner["body"])
    bad = ex.expr({"proj": {**proj, "idx": -1}}, before=line)
    lineno = line_number(ex, ex.expr_record(bad))
    new_inner = ex.expr({"lam": {**inner, "body": bad}}, before=line)
    d["value"] = ex.expr({"lam": {**outer, "body": new_inner}}, before=line)
    assert_malformed(check(ex), f"line {lineno}:", "non-negative")


def test_bogus_quotient_type(ex, check):
    """A quot record claiming `Quot.{u} : Sort u` (the kernel's Quot takes a type and a relation)."""
    line = {"quot": [{"kind": "type", "levelParams": [ex.name_id("u")], "name": ex.add_name("Quot"),
                      "type": ex.sort(ex.level({"param": ex.name_id("u")}))}]}
    ex.insert(line)
    assert_rejected(check(ex), "Quot", "differs from the one the kernel generates")


def test_quot_record_for_a_non_quotient_constant(ex, check):
    """A quot record for `Nat.fake`, which is not one of Quot, Quot.mk, Quot.lift, Quot.ind."""
    line = {"quot": [{"kind": "type", "levelParams": [], "name": ex.add_name("Nat.fake"), "type": ex.const("Nat")}]}
    ex.insert(line)
    assert_rejected(check(ex), "Nat.fake", "not one of the kernel's quotient constants")


# -- malformed files and files this kernel cannot decide ------------------------------------------------


def test_dangling_reference_to_undefined_expression(ex, check):
    """Nat.add_succ's proof refers to expression #999999, which the file never defines: malformed."""
    ex.decl("Nat.add_succ")["value"] = 999999
    lineno = line_number(ex, ex.line_of("Nat.add_succ"))
    assert_malformed(check(ex), f"line {lineno} (declaration 'Nat.add_succ'):", "undefined expression #999999")


def test_dangling_reference_names_the_declaration(ex, check):
    """A dangling expression id in Nat.add_succ's record: the message should also name Nat.add_succ."""
    ex.decl("Nat.add_succ")["value"] = 999999
    outcome = check(ex)
    assert outcome.code == 1
    assert "Nat.add_succ" in outcome.err, outcome


def test_dangling_reference_inside_an_expression(ex, check):
    """An application record (used by Nat.add_succ's statement) whose argument is an undefined id."""
    thm = ex.decl("Nat.add_succ")
    bad = ex.add_expr({"app": {"fn": ex.const("Nat.succ"), "arg": 888888}}, before=ex.line_of("Nat.add_succ"))
    lineno = line_number(ex, ex.expr_record(bad))
    thm["type"] = bad
    assert_malformed(check(ex), f"line {lineno}:", "undefined expression #888888")


def test_expression_id_defined_twice_is_malformed(ex, check):
    """Expression id S defined as `2 + 2 = 5`, then redefined as `2 + 2 = 4`: should be malformed."""
    # Ids are tags the format defines once. Read first-definition-wins, the file proves `2 + 2 = 5`;
    # the reader lets the second record win and checks `2 + 2 = 4`.
    line = add_nat_sum_theorem(ex, "two_add_two", 2, 2, 4)
    thm = line["thm"][0]
    true_statement = ex.expr_record(thm["type"])
    eq, (nat, lhs, _) = ex.unapp(thm["type"])
    five = ex.nat_lit(5, before=true_statement)
    ex.insert({"ie": thm["type"], "app": {"fn": ex.app(eq, nat, lhs, before=true_statement), "arg": five}},
              before=true_statement)
    outcome = check(ex)
    assert outcome.code == 1, outcome
    assert "malformed" in outcome.err, outcome


def test_negative_nat_literal_is_malformed(ex, check):
    """A natVal record "-1" (Nat literals are non-negative)."""
    add_theorem(ex, "neg", ex.app(ex.const("Eq", [one(ex)]), ex.const("Nat"), ex.nat_lit(0), ex.nat_lit(0)),
                ex.app(ex.const("rfl", [one(ex)]), ex.const("Nat"), ex.nat_lit(0)))
    ex.expr_record(ex.nat_lit(0))["natVal"] = "-1"
    assert_malformed(check(ex), "non-negative")


def test_negative_bound_variable_index(ex, check):
    """Nat.add_succ's statement `∀ n m, …` with its body replaced by bvar #-1 (not a valid index)."""
    # BVar(-1) has a loose-variable range of 0, so it must not be mistaken for a closed term.
    line = ex.line_of("Nat.add_succ")
    thm = ex.decl("Nat.add_succ")
    outer = ex.kind(thm["type"])[1]
    inner = ex.kind(outer["body"])[1]
    neg = ex.add_expr({"bvar": -1}, before=line)
    new_inner = ex.expr({"forallE": {**inner, "body": neg}}, before=line)
    thm["type"] = ex.expr({"forallE": {**outer, "body": new_inner}}, before=line)
    outcome = check(ex)
    if "malformed" in outcome.err:  # a reader that rejects negative indices outright is fine too
        assert_malformed(outcome, f"line {line_number(ex, ex.expr_record(neg))}:")
    else:
        assert_rejected(outcome, "Nat.add_succ", "loose bound variable #-1")


def test_nested_inductive_cannot_decide(ex, check):
    """Nat's record claims `numNested: 1`: nested inductives are not supported, exit 2 (cannot decide)."""
    ex.decl("Nat")["numNested"] = 1
    outcome = check(ex)
    assert outcome.code == 2, outcome
    assert ": cannot decide: " in outcome.err
    assert "'Nat' is a nested inductive type" in outcome.err


def test_unsupported_format_version_cannot_decide(ex, check):
    """A meta record announcing format 4.0.0: exit 2 (cannot decide)."""
    ex.records[0]["meta"]["format"]["version"] = "4.0.0"
    outcome = check(ex)
    assert outcome.code == 2, outcome
    assert "export format version 4.0.0" in outcome.err


def test_file_that_is_not_json(tmp_path, check):
    """A text file that is not NDJSON at all: rejected as malformed."""
    path = tmp_path / "notes.ndjson"
    path.write_text("theorem two_add_two : 2 + 2 = 4 := rfl\n", encoding="utf-8")
    assert_malformed(check(path), "line 1: not JSON")


def test_json_line_that_is_not_an_object(ex, tmp_path, check):
    """A JSON array line in the middle of the file: rejected as malformed, at that line."""
    text = ex.dumps().splitlines(keepends=True)
    text.insert(5, "[1, 2, 3]\n")
    path = tmp_path / "array.ndjson"
    path.write_text("".join(text), encoding="utf-8")
    assert_malformed(check(path), "line 6: not a JSON object")


def test_truncated_line_is_malformed(ex, tmp_path, check):
    """The last line (Nat.add_succ) cut in half, as by an interrupted download: malformed."""
    text = ex.dumps()
    path = tmp_path / "cut.ndjson"
    path.write_text(text[: len(text) - 40], encoding="utf-8")
    assert_malformed(check(path), f"line {len(ex.records)}: not JSON")


def test_file_that_is_not_utf8(tmp_path, check):
    """A file with bytes that are not UTF-8: should be rejected as malformed (exit 1), not crash."""
    path = tmp_path / "latin1.ndjson"
    path.write_bytes(EXAMPLE.read_bytes()[:200] + b'\n{"in": 999, "str": {"pre": 0, "str": "caf\xe9"}}\n')
    assert_malformed(check(path))


def test_unreadable_path_cannot_decide(tmp_path, check):
    """A path that does not exist: exit 2 (cannot decide), not a rejection."""
    outcome = check(tmp_path / "missing.ndjson")
    assert outcome.code == 2, outcome
    assert "cannot decide: cannot read the file" in outcome.err


def test_directory_path_cannot_decide(tmp_path, check):
    """A directory given as the file: exit 2 (cannot decide)."""
    outcome = check(tmp_path)
    assert outcome.code == 2, outcome
    assert "cannot decide: cannot read the file" in outcome.err


# -- format 3.1.0 ------------------------------------------------------------------------------------------


def test_format_3_1_0_spellings_are_accepted(ex, check):
    """The whole file converted to 3.1.0 keys (`types/ctors/recs`, `def`/`thm` objects, version 3.1.0)."""
    new = ex.to_3_1_0()
    text = new.dumps()
    assert '"inductiveVals"' not in text and '"constructorVals"' not in text and '"recursorVals"' not in text
    assert '"def":[' not in text and '"thm":[' not in text and '"def":{' in text and '"thm":{' in text
    assert new.records[0]["meta"]["format"]["version"] == "3.1.0"
    outcome = check(new)
    assert outcome.code == 0, outcome
    assert "accepted: 19 declarations, 32 constants checked" in outcome.out


def test_format_3_1_0_corruption_is_rejected(ex, check):
    """In 3.1.0 spelling too, a recursor claiming K for Nat is rejected, naming Nat.rec."""
    new = ex.to_3_1_0()
    new.decl("Nat.rec")["k"] = True
    assert_rejected(check(new), "Nat.rec", "k = True")


def test_format_3_1_0_false_theorem_is_rejected(ex, check):
    """In 3.1.0 spelling, Nat.add_succ's proof replaced by `Nat.add` is rejected."""
    new = ex.to_3_1_0()
    new.decl("Nat.add_succ")["value"] = new.const("Nat.add", before=new.line_of("Nat.add_succ"))
    assert_rejected(check(new), "Nat.add_succ", "declared type and value type do not match")
