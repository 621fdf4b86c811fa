"""Tactic blocks: layout (columns, `;`, `<;>`, `·`, alternatives, nesting) and each tactic's `args`."""

from lantern.elab.syntax import tree as T

from .util import check_spans, cmd, show, text_of


def proof(body: str) -> tuple[str, T.TacticSeq]:
    """`theorem t : P := by` followed by `body` (indented by the caller)."""
    text = "theorem t : P := by\n" + body
    c = cmd(text)
    check_spans(text, c)
    assert isinstance(c.value, T.By)
    return text, c.value.tactics


def names(seq: T.TacticSeq) -> list[str]:
    return [t.name for t in seq.tactics]


# -- layout --------------------------------------------------------------------------------------


def test_newlines_at_the_block_column_separate_tactics():
    text, seq = proof("  intro h\n  exact h\n")
    assert names(seq) == ["intro", "exact"]


def test_a_deeper_line_continues_the_tactic():
    text, seq = proof("  exact foo\n    bar\n      baz\n  rfl\n")
    assert names(seq) == ["exact", "rfl"]
    assert show(seq.tactics[0].args["term"]) == "(foo bar baz)"


def test_semicolons_and_then_all():
    text, seq = proof("  constructor <;> simp; omega\n  cases h <;> simp <;> rfl\n")
    assert names(seq) == ["<;>", "omega", "<;>"]
    first = seq.tactics[0]
    assert (first.args["first"].name, first.args["then"].name) == ("constructor", "simp")
    nested = seq.tactics[2]  # left-associative
    assert nested.args["first"].name == "<;>" and nested.args["then"].name == "rfl"


def test_induction_alternatives_at_the_same_column():
    text, seq = proof("  induction xs with\n  | nil => simp [append]\n  | cons x xs ih => simp [append, ih]; omega\n")
    (ind,) = seq.tactics
    alts = ind.args["alts"]
    assert [(a.ctor, a.names) for a in alts] == [("nil", ()), ("cons", ("x", "xs", "ih"))]
    assert names(alts[1].tactics) == ["simp", "omega"]
    assert text_of(text, alts[0]) == "| nil => simp [append]"


def test_alternative_blocks_on_following_lines_and_after():
    text, seq = proof(
        "  induction n with\n"
        "  | zero => rfl\n"
        "  | succ n ih =>\n"
        "    simp\n"
        "    omega\n"
        "  done\n"
    )
    assert names(seq) == ["induction", "done"]
    assert names(seq.tactics[0].args["alts"][1].tactics) == ["simp", "omega"]


def test_nested_alternatives_belong_to_the_innermost_with():
    text, seq = proof(
        "  cases h with\n"
        "  | inl a => trivial\n"
        "  | inr b =>\n"
        "    cases b with\n"
        "    | mk => trivial\n"
        "  exfalso\n"
    )
    assert names(seq) == ["cases", "exfalso"]
    outer = seq.tactics[0].args["alts"]
    assert [a.ctor for a in outer] == ["inl", "inr"]
    inner = outer[1].tactics.tactics[0]
    assert inner.name == "cases" and [a.ctor for a in inner.args["alts"]] == ["mk"]


def test_cdot_blocks():
    text, seq = proof("  constructor\n  · exact hp\n  · intro x\n    exact x\n  · simp; rfl\n")
    assert names(seq) == ["constructor", "·", "·", "·"]
    assert names(seq.tactics[2].args["tactics"]) == ["intro", "exact"]
    assert names(seq.tactics[3].args["tactics"]) == ["simp", "rfl"]
    assert text_of(text, seq.tactics[2]) == "· intro x\n    exact x"


def test_nested_by_inside_have():
    text, seq = proof("  have h : 1 = 1 := by\n    rfl\n  have h2 : True := by trivial\n  exact h\n")
    assert names(seq) == ["have", "have", "exact"]
    h = seq.tactics[0].args
    assert (h["name"], show(h["type"])) == ("h", "[1 = 1]")
    assert isinstance(h["value"], T.By) and names(h["value"].tactics) == ["rfl"]
    assert names(seq.tactics[1].args["value"].tactics) == ["trivial"]


def test_by_inside_terms_ends_at_brackets_commas_and_keywords():
    text, seq = proof("  exact ⟨by simp, (by omega), fun x => by rfl⟩\n  exact if c then by simp else by omega\n")
    anon = seq.tactics[0].args["term"]
    assert isinstance(anon, T.AnonCtor) and len(anon.items) == 3
    assert isinstance(anon.items[0], T.By) and names(anon.items[0].tactics) == ["simp"]
    i = seq.tactics[1].args["term"]
    assert isinstance(i.then, T.By) and isinstance(i.else_, T.By)


def test_parenthesised_tactics_have_their_own_layout():
    text, seq = proof("  (simp\n   omega)\n  rfl\n")
    assert names(seq) == ["(", "rfl"]
    assert names(seq.tactics[0].args["tactics"]) == ["simp", "omega"]


def test_first_try_repeat_all_goals():
    text, seq = proof("  first | rfl | decide\n  first\n    | simp\n    | omega\n  try simp\n  repeat constructor\n  all_goals trivial\n  any_goals (simp; rfl)\n  focus rfl\n")
    assert names(seq) == ["first", "first", "try", "repeat", "all_goals", "any_goals", "focus"]
    assert [names(a) for a in seq.tactics[0].args["alts"]] == [["rfl"], ["decide"]]
    assert [names(a) for a in seq.tactics[1].args["alts"]] == [["simp"], ["omega"]]
    assert names(seq.tactics[5].args["tactics"]) == ["("]


def test_case_and_next():
    text, seq = proof("  cases n\n  case zero => rfl\n  case succ m =>\n    simp\n  next => rfl\n  next a b => rfl\n  case _ => rfl\n")
    assert names(seq) == ["cases", "case", "case", "next", "next", "case"]
    c = seq.tactics[2].args
    assert show(c["tag"]) == "succ" and [show(n) for n in c["names"]] == ["m"] and names(c["tactics"]) == ["simp"]
    assert [show(n) for n in seq.tactics[4].args["names"]] == ["a", "b"]
    assert isinstance(seq.tactics[5].args["tag"], T.Hole)


def test_calc_tactic_with_steps_on_following_lines():
    text, seq = proof("  calc a = b := h1\n    _ = c := by\n      simp\n    _ = d := h3\n  rfl\n")
    assert names(seq) == ["calc", "rfl"]
    steps = seq.tactics[0].args["term"].steps
    assert [show(s.relation) for s in steps] == ["[a = b]", "[_ = c]", "[_ = d]"]
    assert names(steps[1].proof.tactics) == ["simp"]


def test_tactic_match():
    text, seq = proof("  match h with\n  | .inl a => exact a\n  | .inr b =>\n    exact b\n")
    m = seq.tactics[0]
    assert m.name == "match" and len(m.args["alts"]) == 2
    assert isinstance(m.args["alts"][1].rhs, T.By)


# -- arguments -----------------------------------------------------------------------------------


def tac(line: str) -> T.Tactic:
    text, seq = proof("  " + line + "\n")
    assert len(seq.tactics) == 1, names(seq)
    return seq.tactics[0]


def test_intro_and_intros():
    t = tac("intro x ⟨a, b⟩ _")
    assert [show(p) for p in t.args["patterns"]] == ["x", "⟨a, b⟩", "_"]
    assert tac("intro").args["patterns"] == ()
    assert [show(n) for n in tac("intros a _").args["names"]] == ["a", "_"]


def test_term_tactics():
    for kw in ["exact", "apply", "refine", "specialize", "show"]:
        t = tac(f"{kw} f ?_ x")
        assert t.name == kw and show(t.args["term"]) == "(f ?_ x)"
    assert [show(x) for x in tac("exists 1, 2").args["terms"]] == ["1", "2"]
    ch = tac("change a = b at h")
    assert show(ch.args["term"]) == "[a = b]" and [show(x) for x in ch.args["at"]] == ["h"]


def test_nullary_tactics():
    for kw in ["rfl", "assumption", "constructor", "left", "right", "exfalso", "contradiction", "trivial",
               "omega", "decide", "exact?", "sorry", "admit", "done"]:
        t = tac(kw)
        assert (t.name, t.args) == (kw, {})


def test_cases_and_induction_args():
    t = tac("induction xs using List.rec generalizing ys zs with | nil => rfl | cons x xs ih => simp")
    a = t.args
    assert [show(d.term) for d in a["targets"]] == ["xs"] and show(a["using"]) == "List.rec"
    assert [show(g) for g in a["generalizing"]] == ["ys", "zs"]
    assert [x.ctor for x in a["alts"]] == ["nil", "cons"]
    c = tac("cases h : f x")
    assert c.args["targets"][0].name == "h" and c.args["alts"] == () and c.args["using"] is None
    w = tac("cases h with | _ => rfl")
    assert w.args["alts"][0].ctor == "_"


def test_rcases_and_obtain():
    r = tac("rcases h with ⟨a, b | c⟩ | d")
    p = r.args["pattern"]
    assert isinstance(p, T.PatAlts) and show(p.alts[1]) == "d"
    inner = p.alts[0]
    assert isinstance(inner, T.AnonCtor) and isinstance(inner.items[1], T.PatAlts)
    o = tac("obtain ⟨x, hx⟩ := h")
    assert show(o.args["pattern"]) == "⟨x, hx⟩" and [show(v) for v in o.args["values"]] == ["h"] and o.args["type"] is None
    o2 = tac("obtain h : a = b")
    assert show(o2.args["type"]) == "[a = b]" and o2.args["values"] == ()
    o3 = tac("obtain ⟨x, -, (y : Nat)⟩ := foo a")
    assert [show(i) for i in o3.args["pattern"].items] == ["x", "-", "(y : Nat)"]


def test_rewrite():
    t = tac("rw [← h, f x, Nat.add_comm a] at h1 ⊢")
    rules = t.args["rules"]
    assert [(r.symm, show(r.term)) for r in rules] == [(True, "h"), (False, "(f x)"), (False, "(Nat.add_comm a)")]
    assert [show(x) for x in t.args["at"]] == ["h1", "⊢"]
    assert tac("rewrite [h] at *").args["at"][0].name == "*"
    assert tac("rw [<- h]").args["rules"][0].symm


def test_simp_family():
    t = tac("simp only [f, ← h, *, -g] at h ⊢")
    a = t.args
    assert a["only"] is True
    assert [(r.symm, r.erase, None if r.term is None else show(r.term)) for r in a["lemmas"]] == [
        (False, False, "f"), (True, False, "h"), (False, False, None), (False, True, "g")
    ]
    assert [show(x) for x in a["at"]] == ["h", "⊢"]
    s = tac("simp")
    assert s.args == {"only": False, "lemmas": (), "at": ()}
    assert tac("simp at *").args["at"][0].name == "*"
    assert tac("simp_all").name == "simp_all"
    assert tac("simp_all [foo]").args["lemmas"][0].term.name == "foo"


def test_have_suffices_show_let():
    h = tac("have h (x : Nat) : x = x := rfl")
    assert (h.args["name"], [b.names for b in h.args["binders"]], show(h.args["type"]), show(h.args["value"])) == (
        "h", [("x",)], "[x = x]", "rfl"
    )
    assert tac("have : True").args["value"] is None and tac("have : True").args["name"] is None
    assert show(tac("have ⟨a, b⟩ := h").args["name"]) == "⟨a, b⟩"
    s = tac("suffices h : T by simp")
    assert (s.args["name"], show(s.args["type"])) == ("h", "T") and isinstance(s.args["value"], T.By)
    assert show(tac("suffices h : T from foo").args["value"]) == "foo"
    assert show(tac("let x : Nat := 1").args["value"]) == "1"


def test_misc_tactics():
    assert [show(p) for p in tac("funext x y").args["patterns"]] == ["x", "y"]
    assert tac("split").args["at"] == () and [show(x) for x in tac("split at h").args["at"]] == ["h"]
    assert [show(x) for x in tac("subst h x").args["terms"]] == ["h", "x"]
    inj = tac("injection h with a b")
    assert show(inj.args["term"]) == "h" and [show(n) for n in inj.args["names"]] == ["a", "b"]
    assert [show(n) for n in tac("revert x y").args["names"]] == ["x", "y"]
    assert [show(n) for n in tac("clear h").args["names"]] == ["h"]
    u = tac("unfold f g at h")
    assert [show(n) for n in u.args["names"]] == ["f", "g"] and [show(x) for x in u.args["at"]] == ["h"]
    b = tac("by_cases hp : p")
    assert (b.args["name"], show(b.args["term"])) == ("hp", "p")


def test_tactic_names_are_identifiers_in_terms():
    t = tac("exact rfl")
    assert show(t.args["term"]) == "rfl"
    t2 = tac("exact decide (simp = omega)")
    assert show(t2.args["term"]) == "(decide (paren [simp = omega]))"
