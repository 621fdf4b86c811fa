"""The surface syntax tree: what the parser produces and the elaborator consumes.

Every node has a `span`: code-point offsets `[start, end)` into the document (not into the command),
so messages, hovers and goals are positioned without any further bookkeeping. Nodes are immutable.

Operators are not resolved by the parser: an operator expression is an `OpSeq` of operands and
operator tokens, in source order, which `syntax.operators` resolves against the notation table in
scope at that command (user notation never changes the grammar).
"""

from __future__ import annotations

from lantern.kernel.record import field, record
from typing import Union


@record(frozen=True, slots=True)
class Span:
    start: int
    end: int

    def __contains__(self, offset: int) -> bool:
        return self.start <= offset <= self.end

    def join(self, other: "Span") -> "Span":
        return Span(min(self.start, other.start), max(self.end, other.end))


# ---------------------------------------------------------------------------------------------
# Universe levels: `0`, `u`, `u+1`, `max u v`, `imax u v`, `_`


@record(frozen=True, slots=True)
class LevelNum:
    span: Span
    value: int


@record(frozen=True, slots=True)
class LevelName:
    span: Span
    name: str


@record(frozen=True, slots=True)
class LevelAdd:
    span: Span
    level: "Level"
    offset: int


@record(frozen=True, slots=True)
class LevelMax:
    span: Span
    args: tuple["Level", ...]
    imax: bool = False


@record(frozen=True, slots=True)
class LevelHole:
    span: Span


Level = Union[LevelNum, LevelName, LevelAdd, LevelMax, LevelHole]


# ---------------------------------------------------------------------------------------------
# Terms


@record(frozen=True, slots=True)
class Ident:
    """A possibly dotted identifier `xs.length`, `List.map`, `Nat.succ`; which parts are a namespace,
    a local, or field accesses is decided by the elaborator. `levels` is `f.{u, v}`."""

    span: Span
    name: str
    levels: tuple[Level, ...] = ()


@record(frozen=True, slots=True)
class DotIdent:
    """`.cons x xs`: a name looked up in the namespace of the expected type."""

    span: Span
    name: str


@record(frozen=True, slots=True)
class Explicit:
    """`@f`: all arguments explicit."""

    span: Span
    ident: Ident


@record(frozen=True, slots=True)
class NumLit:
    span: Span
    value: int


@record(frozen=True, slots=True)
class StrLit:
    span: Span
    value: str


@record(frozen=True, slots=True)
class CharLit:
    span: Span
    value: str


@record(frozen=True, slots=True)
class Hole:
    """`_`, or `?_` / `?x` (a synthetic hole, which tactics such as `refine` turn into goals)."""

    span: Span
    synthetic: bool = False
    name: str | None = None


@record(frozen=True, slots=True)
class SortTerm:
    """`Prop`, `Type`, `Type u`, `Sort u`."""

    span: Span
    keyword: str  # "Prop" | "Type" | "Sort"
    level: Level | None = None


@record(frozen=True, slots=True)
class NamedArg:
    """`(x := e)` in an application."""

    span: Span
    name: str
    value: "Term"


@record(frozen=True, slots=True)
class App:
    span: Span
    fn: "Term"
    args: tuple["Term | NamedArg", ...]


@record(frozen=True, slots=True)
class Proj:
    """`e.name` or `e.1` where `e` is not an identifier (e.g. `(append xs ys).length`)."""

    span: Span
    target: "Term"
    field: str  # a name, or digits for a positional field


@record(frozen=True, slots=True)
class Paren:
    span: Span
    term: "Term"


@record(frozen=True, slots=True)
class Typed:
    """`(e : T)`."""

    span: Span
    term: "Term"
    type: "Term"


@record(frozen=True, slots=True)
class Tuple:
    """`(a, b, c)`."""

    span: Span
    items: tuple["Term", ...]


@record(frozen=True, slots=True)
class AnonCtor:
    """`⟨a, b⟩`."""

    span: Span
    items: tuple["Term", ...]


@record(frozen=True, slots=True)
class ListLit:
    span: Span
    items: tuple["Term", ...]


@record(frozen=True, slots=True)
class CDot:
    """`·` inside parentheses: `(· + 1)` is `fun x => x + 1`."""

    span: Span


@record(frozen=True, slots=True)
class Binder:
    """One binder group: `x`, `(x y : T)`, `{α : Type}`, `⦃x : T⦄`, `[inst : C α]`, `[C α]`, `(x : T := d)`.
    `names` may be empty for an anonymous instance binder; a name `_` is anonymous."""

    span: Span
    names: tuple[str, ...]
    type: "Term | None"
    kind: str = "default"  # "default" | "implicit" | "strict" | "inst"
    default: "Term | None" = None
    name_spans: tuple[Span, ...] = ()


@record(frozen=True, slots=True)
class Fun:
    """`fun x (y : T) => e`; a pattern binder `fun ⟨a, b⟩ => e` becomes a `FunMatch`."""

    span: Span
    binders: tuple[Binder, ...]
    body: "Term"


@record(frozen=True, slots=True)
class MatchAlt:
    """`| p₁, p₂ => rhs`; alternatives `| p | q => rhs` share a right-hand side."""

    span: Span
    patterns: tuple[tuple["Term", ...], ...]
    rhs: "Term"


@record(frozen=True, slots=True)
class FunMatch:
    """`fun | p => e | q => e'`, and `fun ⟨a, b⟩ => e` (one alternative)."""

    span: Span
    alts: tuple[MatchAlt, ...]


@record(frozen=True, slots=True)
class Discr:
    """A match discriminant, optionally named: `h : e`."""

    span: Span
    term: "Term"
    name: str | None = None


@record(frozen=True, slots=True)
class Match:
    span: Span
    discrs: tuple[Discr, ...]
    alts: tuple[MatchAlt, ...]
    motive: "Term | None" = None


@record(frozen=True, slots=True)
class Pi:
    """`∀ x y, P`, `(x : A) → B`, `{α : Type} → B`."""

    span: Span
    binders: tuple[Binder, ...]
    body: "Term"


@record(frozen=True, slots=True)
class Exists:
    span: Span
    binders: tuple[Binder, ...]
    body: "Term"


@record(frozen=True, slots=True)
class Let:
    """`let x (y : A) : T := v; body` (a newline may stand for `;`), and `let ⟨a, b⟩ := v; body`."""

    span: Span
    name: "str | Term"
    binders: tuple[Binder, ...]
    type: "Term | None"
    value: "Term"
    body: "Term"


@record(frozen=True, slots=True)
class Have:
    """`have h : T := v; body`, `have : T := v; body`, `have h : T := by tac; body`."""

    span: Span
    name: "str | Term | None"
    binders: tuple[Binder, ...]
    type: "Term | None"
    value: "Term"
    body: "Term"


@record(frozen=True, slots=True)
class Show:
    """`show T from e`, `show T by tac`, or `show T` alone (then `term` is None)."""

    span: Span
    type: "Term"
    term: "Term | None"


@record(frozen=True, slots=True)
class If:
    """`if c then a else b` and `if h : c then a else b`."""

    span: Span
    cond: "Term"
    then: "Term"
    else_: "Term"
    hyp: str | None = None


@record(frozen=True, slots=True)
class OpToken:
    """An operator occurrence inside an `OpSeq`: `+`, `+++`, `::`, `→`, `¬`, `↑`, …"""

    span: Span
    symbol: str


@record(frozen=True, slots=True)
class OpSeq:
    """Operands and operators in source order, e.g. `[a, +, b, *, c]` or `[¬, p, ∧, q]`. Resolved by
    `syntax.operators` with the notation table in scope."""

    span: Span
    items: tuple["Term | OpToken", ...]


@record(frozen=True, slots=True)
class OpApp:
    """A resolved operator application: `a +++ b` with `infixr:65 " +++ " => append` becomes
    `OpApp(symbol="+++", fn=Ident("append"), params=(), args=(a, b))`, meaning `append a b`. For mixfix
    `notation` the right-hand side is a template over `params` (the notation's variable names), and
    `args` are substituted for them."""

    span: Span
    symbol: str
    fn: "Term"
    params: tuple[str, ...]
    args: tuple["Term", ...]


@record(frozen=True, slots=True)
class CalcStep:
    span: Span
    relation: "Term"  # `_ = b` for continuation steps: the first operand is a `Hole`
    proof: "Term"


@record(frozen=True, slots=True)
class Calc:
    span: Span
    steps: tuple[CalcStep, ...]


@record(frozen=True, slots=True)
class By:
    span: Span
    tactics: "TacticSeq"


@record(frozen=True, slots=True)
class Sorry:
    span: Span


@record(frozen=True, slots=True)
class StructInstField:
    """`x := e` in `{ x := e, … }`, or a field of `instance … where` / `def … where` (after the
    signature): `f a b := e` keeps its binders (it means `f := fun a b => e`), and an equations field
    `f | p => e …` has a `FunMatch` as its value. (Added by the parser; not in the original contract.)"""

    span: Span
    name: str
    binders: tuple[Binder, ...]
    type: "Term | None"
    value: "Term"
    name_span: Span | None = None


@record(frozen=True, slots=True)
class StructInst:
    """`{ x := 1, y := 2 }`, `{ s with x := 1 }` (`source`), and the fields of `instance … where`
    (then the `Definition`'s value is a `StructInst`). (Added by the parser; not in the original contract.)"""

    span: Span
    fields: tuple[StructInstField, ...]
    source: "Term | None" = None


Term = Union[
    Ident, DotIdent, Explicit, NumLit, StrLit, CharLit, Hole, SortTerm, App, Proj, Paren, Typed, Tuple,
    AnonCtor, ListLit, CDot, Fun, FunMatch, Match, Pi, Exists, Let, Have, Show, If, OpSeq, OpApp, Calc, By, Sorry,
    StructInst,
]


# ---------------------------------------------------------------------------------------------
# Tactics


@record(frozen=True, slots=True)
class TacticSeq:
    """Tactics separated by newlines at the block's column or by `;`."""

    span: Span
    tactics: tuple["Tactic", ...]


@record(frozen=True, slots=True)
class Tactic:
    """One tactic. `name` is its keyword (`"simp"`, `"induction"`, `"·"`, `"<;>"`, …); `args` holds its
    parts by role, for example `{"only": True, "lemmas": (...), "at": (...)}` for `simp`, and
    `{"targets": (...), "alts": (...), "generalizing": (...)}` for `induction`. Nested tactic blocks
    are `TacticSeq`s inside `args`. The tactic front end documents the roles each tactic uses."""

    span: Span
    name: str
    args: dict[str, object] = field(default_factory=dict, hash=False, compare=False)


@record(frozen=True, slots=True)
class InductionAlt:
    """`| cons x xs ih => tac` (also for `cases`, `rcases`-free forms); `ctor` is `_` for a wildcard."""

    span: Span
    ctor: str
    names: tuple[str, ...]
    tactics: TacticSeq


@record(frozen=True, slots=True)
class RwRule:
    """An entry of `rw […]` or `simp […]`: `h`, `← h` (`symm`), `*` (`term` None: every hypothesis,
    `simp` only), `-h` (`erase`, `simp` only). (Added by the parser; not in the original contract.)"""

    span: Span
    term: "Term | None"
    symm: bool = False
    erase: bool = False


@record(frozen=True, slots=True)
class PatAlts:
    """`p₁ | p₂` in an `rcases`/`obtain` pattern (one alternative per constructor). Patterns are
    otherwise terms: `Ident` (a name; `-` clears), `Hole`, `AnonCtor` (`⟨p, q⟩`), `Typed` (`(p : T)`).
    (Added by the parser; not in the original contract.)"""

    span: Span
    alts: tuple["Term | PatAlts", ...]


# ---------------------------------------------------------------------------------------------
# Commands


@record(frozen=True, slots=True)
class Modifiers:
    doc: str | None = None
    attrs: tuple["Attr", ...] = ()
    visibility: str | None = None  # "private" | "protected"
    noncomputable: bool = False
    partial: bool = False
    unsafe: bool = False


@record(frozen=True, slots=True)
class Attr:
    """`simp`, `reducible`, `instance 100`, `simp ←`…: the name and its raw arguments."""

    span: Span
    name: str
    args: tuple[str, ...] = ()


@record(frozen=True, slots=True)
class DeclSig:
    """`name.{u} binders : type`."""

    span: Span
    name: str | None  # None for `example` and anonymous instances
    name_span: Span | None
    level_params: tuple[str, ...]
    binders: tuple[Binder, ...]
    type: "Term | None"


@record(frozen=True, slots=True)
class Definition:
    """`def`, `theorem`, `abbrev`, `example`, `instance`, `opaque`. The body is a term (`:= e`), or
    equations (`| p => e …`), or absent (`opaque`)."""

    span: Span
    kind: str  # "def" | "theorem" | "abbrev" | "example" | "instance" | "opaque"
    mods: Modifiers
    sig: DeclSig
    value: "Term | None"
    equations: tuple[MatchAlt, ...] = ()
    where: tuple["Definition", ...] = ()
    termination_by: "Term | None" = None
    termination_binders: tuple[str, ...] = ()
    decreasing_by: "TacticSeq | None" = None
    deriving: tuple[str, ...] = ()
    priority: int | None = None  # `instance (priority := n)`
    deriving_spans: tuple[Span, ...] = ()  # where each class of `deriving` is written


@record(frozen=True, slots=True)
class Axiom:
    span: Span
    mods: Modifiers
    sig: DeclSig


@record(frozen=True, slots=True)
class CtorDecl:
    """`| cons (x : α) (xs : List α) : List α` (type optional), with its doc comment."""

    span: Span
    name: str
    name_span: Span
    binders: tuple[Binder, ...]
    type: "Term | None"
    doc: str | None = None


@record(frozen=True, slots=True)
class Inductive:
    span: Span
    mods: Modifiers
    sig: DeclSig
    ctors: tuple[CtorDecl, ...]
    deriving: tuple[str, ...] = ()
    deriving_spans: tuple[Span, ...] = ()  # where each class of `deriving` is written


@record(frozen=True, slots=True)
class FieldDecl:
    """`(x y : T := default)` or `x : T := default` in a structure."""

    span: Span
    names: tuple[str, ...]
    binders: tuple[Binder, ...]
    type: "Term | None"
    default: "Term | None" = None
    kind: str = "default"
    doc: str | None = None


@record(frozen=True, slots=True)
class Structure:
    """`structure` and `class` (`is_class`); `ctor` is `mk ::` if given."""

    span: Span
    mods: Modifiers
    sig: DeclSig
    extends: tuple["Term", ...]
    ctor: str | None
    fields: tuple[FieldDecl, ...]
    is_class: bool = False
    deriving: tuple[str, ...] = ()
    deriving_spans: tuple[Span, ...] = ()  # where each class of `deriving` is written


@record(frozen=True, slots=True)
class Mutual:
    span: Span
    commands: tuple["Command", ...]


@record(frozen=True, slots=True)
class Scope:
    """`namespace X`, `section X`, `end X` (name optional for sections and `end`)."""

    span: Span
    kind: str  # "namespace" | "section" | "end"
    name: str | None


@record(frozen=True, slots=True)
class Variable:
    span: Span
    binders: tuple[Binder, ...]


@record(frozen=True, slots=True)
class Universe:
    span: Span
    names: tuple[str, ...]


@record(frozen=True, slots=True)
class InitQuot:
    """`init_quot`: declare the quotient type `Quot` with `Quot.mk`, `Quot.lift`, `Quot.ind` (Lean's
    built-in command, used once by the prelude)."""

    span: Span


@record(frozen=True, slots=True)
class Open:
    """`open Nat List`, `open Nat (succ zero)`, `open Nat hiding add`, `open Nat renaming add → plus`,
    and `open Nat in cmd` (then `command` is `cmd`, in which alone the namespaces are open)."""

    span: Span
    namespaces: tuple[str, ...]
    only: tuple[str, ...] = ()
    hiding: tuple[str, ...] = ()
    renaming: tuple[tuple[str, str], ...] = ()
    command: "Command | None" = None  # added by the parser (not in the original contract)


@record(frozen=True, slots=True)
class AttributeCmd:
    """`attribute [simp] foo bar`, `attribute [-simp] foo`."""

    span: Span
    attrs: tuple[Attr, ...]
    names: tuple[str, ...]
    erase: bool = False


@record(frozen=True, slots=True)
class Export:
    """`export Ns (a b)`: `a` and `b` become aliases of `Ns.a` and `Ns.b` in the current namespace.
    (Added for the export command; not in the original contract.)"""

    span: Span
    namespace: str
    names: tuple[str, ...]
    name_spans: tuple[Span, ...] = ()
    namespace_span: Span | None = None


@record(frozen=True, slots=True)
class DerivingInstance:
    """`deriving instance Repr, BEq for T, U`. (Added for `deriving`; not in the original contract.)"""

    span: Span
    classes: tuple[str, ...]
    types: tuple[str, ...]
    class_spans: tuple[Span, ...] = ()
    type_spans: tuple[Span, ...] = ()


@record(frozen=True, slots=True)
class SetOption:
    span: Span
    name: str
    value: str


@record(frozen=True, slots=True)
class NotationCmd:
    """`infixl:65 " + " => HAdd.hAdd`, `prefix:max "-" => Neg.neg`, and mixfix
    `notation:50 a " ≤ " b => LE.le a b`. `parts` of a mixfix notation alternate variable names
    (with optional precedence `a:51`) and quoted symbols; `kind` is "infixl" | "infixr" | "infix" |
    "prefix" | "postfix" | "notation"."""

    span: Span
    kind: str
    precedence: int | None
    parts: tuple[tuple[str, str, int | None], ...]  # ("sym", text, None) | ("var", name, prec)
    rhs: "Term"
    mods: Modifiers = Modifiers()


@record(frozen=True, slots=True)
class HashCmd:
    """`#check e`, `#eval e`, `#reduce e`, `#print name` (then `term` is an `Ident`)."""

    span: Span
    kind: str  # "check" | "eval" | "reduce" | "print"
    term: "Term"


@record(frozen=True, slots=True)
class GuardMsgs:
    """`/-- expected -/ #guard_msgs in cmd`."""

    span: Span
    expected: str | None
    command: "Command"


@record(frozen=True, slots=True)
class ParseError:
    """A command that did not parse: the message and where; the rest of the file goes on."""

    span: Span
    message: str


Command = Union[
    Definition, Axiom, Inductive, Structure, Mutual, Scope, Variable, Universe, Open, AttributeCmd, SetOption,
    NotationCmd, HashCmd, GuardMsgs, InitQuot, Export, DerivingInstance, ParseError,
]
