"""The command elaborator on hand-built syntax trees: inductive types, definitions with implicit
arguments and auto-bound implicits, field notation, errors that stay in their command."""

from __future__ import annotations

from lantern.elab.command.run import elab_command
from lantern.elab.env import ElabEnv
from lantern.elab.syntax import tree as T
from lantern.kernel.declaration import DefinitionInfo, InductiveInfo
from lantern.kernel.environment import Environment
from lantern.kernel.expr import IMPLICIT, PI
from lantern.kernel.name import Name

S = T.Span(0, 0)
N = Name.of


def ident(n: str) -> T.Ident:
    return T.Ident(S, n)


def app(f: str, *args: T.Term) -> T.App:
    return T.App(S, ident(f), tuple(args))


def binder(names: str, ty: T.Term | None, kind: str = "default") -> T.Binder:
    return T.Binder(S, tuple(names.split()), ty, kind)


def sig(name: str | None, binders=(), ty=None) -> T.DeclSig:  # type: ignore[no-untyped-def]
    return T.DeclSig(S, name, S, (), tuple(binders), ty)


def definition(name: str, binders, ty, value, kind: str = "def") -> T.Definition:  # type: ignore[no-untyped-def]
    return T.Definition(S, kind, T.Modifiers(), sig(name, binders, ty), value)


def run(env: ElabEnv, cmd: T.Command):  # type: ignore[no-untyped-def]
    return elab_command(env, cmd)


def nat_env() -> ElabEnv:
    env = ElabEnv(Environment())
    nat = T.Inductive(S, T.Modifiers(), sig("Nat"), (
        T.CtorDecl(S, "zero", S, (), None), T.CtorDecl(S, "succ", S, (binder("n", ident("Nat")),), None)))
    env, msgs = run(env, nat)
    assert msgs == []
    lst = T.Inductive(S, T.Modifiers(), sig("List", [binder("α", T.SortTerm(S, "Type", T.LevelName(S, "u")))]), (
        T.CtorDecl(S, "nil", S, (), None),
        T.CtorDecl(S, "cons", S, (binder("head", ident("α")), binder("tail", app("List", ident("α")))), None)))
    env = ElabEnv(env.kernel, env.scopes, env.namespaces)
    env, msgs = run(env, T.Universe(S, ("u",)))
    env, msgs = run(env, lst)
    assert msgs == [], msgs
    return env


def test_inductive_types_get_kernel_recursors() -> None:
    env = nat_env()
    nat = env.kernel.get(N("Nat"))
    assert isinstance(nat, InductiveInfo) and nat.ctors == (N("Nat.zero"), N("Nat.succ"))
    assert N("Nat.rec") in env.kernel and N("List.rec") in env.kernel
    cons = env.kernel.get(N("List.cons"))
    assert cons.type.kind == PI and cons.type.binfo == IMPLICIT  # the parameter is implicit
    assert N("List") in env.namespaces


def test_definition_with_implicit_arguments_and_field_notation() -> None:
    env = nat_env()
    # def two : Nat := Nat.succ (Nat.succ Nat.zero)
    env, msgs = run(env, definition("two", [], ident("Nat"), app("Nat.succ", app("Nat.succ", ident("Nat.zero")))))
    assert msgs == []
    # def single (x : Nat) : List Nat := List.cons x List.nil   -- the element type is implicit
    env, msgs = run(env, definition("single", [binder("x", ident("Nat"))], app("List", ident("Nat")),
                                    app("List.cons", ident("x"), ident("List.nil"))))
    assert msgs == [], msgs
    # def three : Nat := two.succ   -- field notation on a term of type Nat
    env, msgs = run(env, definition("three", [], ident("Nat"), ident("two.succ")))
    assert msgs == [], msgs
    assert isinstance(env.kernel.get(N("three")), DefinitionInfo)


def test_auto_bound_implicit_becomes_a_universe_polymorphic_binder() -> None:
    env = nat_env()
    # def myid (x : a) : a := x   -- `a` is auto-bound: {a : Sort u_1}
    env, msgs = run(env, definition("myid", [binder("x", ident("a"))], ident("a"), ident("x")))
    assert msgs == [], msgs
    info = env.kernel.get(N("myid"))
    assert info.level_params == (N("u_1"),)
    assert info.type.kind == PI and info.type.binfo == IMPLICIT and str(info.type.name) == "a"


def test_errors_stay_in_their_command() -> None:
    env = nat_env()
    before = len(env.kernel)
    env2, msgs = run(env, definition("bad", [], ident("Nat"), ident("Nat.sucx")))
    assert len(msgs) == 1 and msgs[0].severity == "error"
    assert "unknown identifier 'Nat.sucx'" in msgs[0].text and "Nat.succ" in msgs[0].text
    assert env2 is env and len(env.kernel) == before
    env3, msgs = run(env, definition("bad2", [], ident("Nat"), ident("List.nil")))
    assert len(msgs) == 1 and "type mismatch" in msgs[0].text
    env4, msgs = run(env, definition("ok", [], ident("Nat"), ident("Nat.zero")))
    assert msgs == [] and N("ok") in env4.kernel


def test_check_reports_the_type() -> None:
    env = nat_env()
    _, msgs = run(env, T.HashCmd(S, "check", app("Nat.succ", ident("Nat.zero"))))
    assert [m.severity for m in msgs] == ["info"]
    assert msgs[0].text.endswith(": Nat")


def test_namespaces_and_open() -> None:
    env = nat_env()
    env, msgs = run(env, T.Scope(S, "namespace", "Foo"))
    env, msgs = run(env, definition("bar", [], ident("Nat"), ident("Nat.zero")))
    assert msgs == [] and N("Foo.bar") in env.kernel
    env, msgs = run(env, definition("baz", [], ident("Nat"), ident("bar")))  # resolved inside Foo
    assert msgs == [], msgs
    env, msgs = run(env, T.Scope(S, "end", "Foo"))
    assert msgs == []
    _, msgs = run(env, definition("qux", [], ident("Nat"), ident("bar")))
    assert msgs and "unknown identifier 'bar'" in msgs[0].text
    env, msgs = run(env, T.Open(S, ("Foo",)))
    env, msgs = run(env, definition("qux", [], ident("Nat"), ident("bar")))
    assert msgs == [], msgs
    _, msgs = run(env, T.Scope(S, "end", "Foo"))
    assert msgs and "invalid 'end'" in msgs[0].text


def field(name: str, ty: T.Term) -> T.FieldDecl:
    return T.FieldDecl(S, (name,), (), ty)


def test_structures_have_projections_and_eta() -> None:
    env = nat_env()
    # structure Point where x : Nat; y : Nat
    env, msgs = run(env, T.Structure(S, T.Modifiers(), sig("Point"), (), None, (field("x", ident("Nat")), field("y", ident("Nat")))))
    assert msgs == [], msgs
    assert env.structures[N("Point")].fields == (N("x"), N("y"))
    # def p : Point := ⟨Nat.zero, Nat.zero⟩ ; def px : Nat := p.x ; def py : Nat := p.2
    env, msgs = run(env, definition("p", [], ident("Point"), T.AnonCtor(S, (ident("Nat.zero"), ident("Nat.zero")))))
    assert msgs == [], msgs
    env, msgs = run(env, definition("px", [], ident("Nat"), ident("p.x")))
    assert msgs == [], msgs
    env, msgs = run(env, definition("py", [], ident("Nat"), T.Proj(S, ident("p"), "2")))
    assert msgs == [], msgs


def test_classes_and_instances() -> None:
    env = nat_env()
    # class Zero' (α : Type) where zero : α
    env, msgs = run(env, T.Structure(S, T.Modifiers(), sig("Zero'", [binder("α", T.SortTerm(S, "Type"))]), (), None,
                                     (field("zero", ident("α")),), is_class=True))
    assert msgs == [], msgs
    # instance : Zero' Nat := ⟨Nat.zero⟩
    inst = T.Definition(S, "instance", T.Modifiers(), sig("instZeroNat", [], app("Zero'", ident("Nat"))),
                        T.AnonCtor(S, (ident("Nat.zero"),)))
    env, msgs = run(env, inst)
    assert msgs == [], msgs
    # def z : Nat := Zero'.zero      -- the instance argument is found by type class resolution
    env, msgs = run(env, definition("z", [], ident("Nat"), ident("Zero'.zero")))
    assert msgs == [], msgs
    # without an instance: failed to synthesize
    env2, msgs = run(env, T.Inductive(S, T.Modifiers(), sig("Empty'"), ()))
    _, msgs = run(env2, definition("bad", [], ident("Empty'"), ident("Zero'.zero")))
    assert msgs and "failed to synthesize" in msgs[0].text, msgs
