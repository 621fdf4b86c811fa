"""Running lark's LALR(1) tables: shift, reduce, build the tree, and answer "would this token be
accepted?" without changing anything.

Lark compiles the grammar into LALR tables (and caches them); this module runs them. Lark's own
`ParserState.feed_token` works too, but costs several microseconds per reduction (it hashes `Rule`
objects in Python and builds a `Tree` for every inlined helper rule), which made a one-command parse
cost most of a millisecond. Here each table is compiled once into plain dicts of ints, and the tree
shaping lark would do is compiled into a per-rule recipe, with the same semantics:

- every token is kept (`keep_all_tokens`);
- a child produced by a rule whose name starts with `_` (including lark's helper rules for `*`, `+`)
  is spliced into its parent;
- a `?rule` alternative without an alias that ends up with a single child is replaced by it;
- otherwise the callback named after the alias or the rule (`build.Builder`) makes the value.

The layout and contextual-keyword decisions need to know whether a token would be accepted before
feeding it; LALR may reduce on a lookahead it then rejects, so `accepts` simulates the reductions on
a virtual top of the stack. `feed` reduces optimistically and undoes the
reductions when the token turns out to be rejected, so a rejected token leaves the parser untouched.
"""

from __future__ import annotations

from typing import Callable

Value = object


class Tables:
    """The compiled tables of one grammar: `action[state][symbol]` is a target state (≥ 0) for a
    shift or goto, or `~r` for "reduce by rule r". Plain data (`to_data`), so that they can be cached
    on disk and loaded without lark."""

    __slots__ = ("action", "rule_len", "rule_origin", "rules", "start_states", "end_states", "terminals", "_data")

    @classmethod
    def from_lark(cls, parse_table, builder: object) -> "Tables":
        """Compile lark's LALR table (`Lark(...).parser.parser._parse_table`)."""
        from lark.parsers.lalr_analysis import Shift

        rule_ids: dict = {}
        rules: list = []
        action: dict[int, dict[str, int]] = {}
        for state, row in parse_table.states.items():
            out: dict[str, int] = {}
            for sym, (kind, arg) in row.items():
                sym = str(sym)  # lark names may be `Token`s; keep the cache plain data
                if kind is Shift:
                    out[sym] = arg
                else:
                    r = rule_ids.get(id(arg))
                    if r is None:
                        r = rule_ids[id(arg)] = len(rules)
                        rules.append(arg)
                    out[sym] = ~r
            action[state] = out
        data = {
            "action": action,
            "rules": [(len(r.expansion), str(r.origin.name), *_shape(r)) for r in rules],
            "start_states": {str(k): v for k, v in parse_table.start_states.items()},
            "end_states": {str(k): v for k, v in parse_table.end_states.items()},
        }
        return cls(data, builder)

    def __init__(self, data: dict, builder: object) -> None:
        self.action = data["action"]
        self.start_states = data["start_states"]
        self.end_states = data["end_states"]
        self.terminals = frozenset(sym for row in self.action.values() for sym in row if sym.isupper())
        self.rule_len = [r[0] for r in data["rules"]]
        self.rule_origin = [r[1] for r in data["rules"]]
        # Per rule: (length, origin, splice mask or None, inline?, expand single child?, callback).
        self.rules = [(n, origin, mask, inline, expand1, _callback(builder, name, inline, expand1))
                      for n, origin, mask, inline, expand1, name in data["rules"]]
        self._data = data

    def to_data(self) -> dict:
        return self._data


def _callback(builder: object, name: str, inline: bool, expand1: bool) -> Callable | None:
    callback = None if inline else getattr(builder, name, None)
    if not inline and callback is None and not expand1 and not name.startswith("$"):
        raise TypeError(f"no callback for grammar rule {name!r}")
    return callback


def _shape(rule) -> tuple:
    """(splice mask or None, inline?, expand single child?, callback name) for one lark rule."""
    mask = tuple(not s.is_term and s.name.startswith("_") for s in rule.expansion)
    if not any(mask):
        mask = None
    inline = rule.origin.name.startswith("_")
    expand1 = bool(rule.options.expand1) and not rule.alias
    return mask, inline, expand1, str(rule.alias or rule.origin.name)


class Parser:
    """One parse in progress (a state stack and a value stack)."""

    __slots__ = ("t", "states", "values", "end_state")

    def __init__(self, tables: Tables, start: str) -> None:
        self.t = tables
        self.states: list[int] = [tables.start_states[start]]
        self.values: list[Value] = []
        self.end_state = tables.end_states[start]

    # -- queries (no change) ---------------------------------------------------------------------

    def _plan(self, stack: list[int], term: str) -> list[int] | None:
        """The reductions `term` triggers before it is shifted, or None if it would be rejected."""
        action = self.t.action
        a = action[stack[-1]].get(term)
        if a is None:
            return None
        plan: list[int] = []
        if a >= 0:
            return plan
        rule_len, rule_origin = self.t.rule_len, self.t.rule_origin
        depth = len(stack)
        extra: list[int] = []
        while True:
            r = ~a
            plan.append(r)
            n = rule_len[r]
            k = len(extra)
            if n <= k:
                del extra[k - n :]
            else:
                depth -= n - k
                extra.clear()
            goto = action[extra[-1] if extra else stack[depth - 1]][rule_origin[r]]
            extra.append(goto)
            a = action[goto].get(term)
            if a is None:
                return None
            if a >= 0:
                return plan

    def accepts(self, term: str) -> bool:
        a = self.t.action[self.states[-1]].get(term)
        if a is None:
            return False
        return a >= 0 or self._plan(self.states, term) is not None

    def accepts_after(self, first: str, terms: tuple[str, ...]) -> str | None:
        """If `first` were fed: the first of `terms` that would then be accepted."""
        stack = self.after(first)
        if stack is None:
            return None
        saved = self.states
        self.states = stack
        try:
            for t in terms:
                if self.accepts(t):
                    return t
            return None
        finally:
            self.states = saved

    def after(self, term: str) -> list[int] | None:
        """The state stack after feeding `term` (a copy), or None if it would be rejected."""
        plan = self._plan(self.states, term)
        if plan is None:
            return None
        st = list(self.states)
        action, rule_len, rule_origin = self.t.action, self.t.rule_len, self.t.rule_origin
        for r in plan:
            n = rule_len[r]
            if n:
                del st[-n:]
            st.append(action[st[-1]][rule_origin[r]])
        st.append(action[st[-1]][term])
        return st

    def accepts_end(self) -> bool:
        """Would the input be complete here (everything reduces to the start symbol)?"""
        st = list(self.states)
        action, rule_len, rule_origin = self.t.action, self.t.rule_len, self.t.rule_origin
        while st[-1] != self.end_state:
            a = action[st[-1]].get("$END")
            if a is None or a >= 0:
                return False
            r = ~a
            n = rule_len[r]
            if n:
                del st[-n:]
            st.append(action[st[-1]][rule_origin[r]])
        return True

    def expected(self) -> list[str]:
        """Terminals accepted here."""
        return [k for k in self.t.action[self.states[-1]] if k in self.t.terminals and self.accepts(k)]

    # -- changes ---------------------------------------------------------------------------------

    def feed(self, term: str, value: Value) -> bool:
        """Shift `term` (with its token `value`) after the reductions it triggers; False (and no
        change) if the parser would reject it.

        The reductions are done optimistically and undone if `term` turns out to be rejected (LALR
        may reduce on a lookahead it later rejects); a callback error during them is only reported
        if the token is really accepted."""
        states = self.states
        action = self.t.action
        a = action[states[-1]].get(term)
        if a is None:
            return False
        if a < 0:
            values = self.values
            rules = self.t.rules
            undo: list = []
            try:
                while a < 0:
                    n, origin, mask, inline, expand1, callback = rules[~a]
                    popped = values[-n:] if n else []
                    children = popped
                    if mask is not None:
                        spliced: list = []
                        for v, m in zip(children, mask):
                            if m:
                                spliced.extend(v)
                            else:
                                spliced.append(v)
                        children = spliced
                    if inline:
                        v = children
                    elif expand1 and len(children) == 1:
                        v = children[0]
                    else:
                        v = callback(children)  # may raise: nothing of this reduction is done yet
                    if n:
                        undo.append((states[-n:], popped))
                        del states[-n:]
                        del values[-n:]
                    else:
                        undo.append(((), ()))
                    states.append(action[states[-1]][origin])
                    values.append(v)
                    a = action[states[-1]].get(term)
                    if a is None:
                        self._undo(undo)
                        return False
            except Exception:
                self._undo(undo)
                if self._plan(states, term) is None:
                    return False
                raise
        states.append(a)
        self.values.append(value)
        return True

    def _undo(self, undo: list) -> None:
        states, values = self.states, self.values
        for popped_states, popped_values in reversed(undo):
            states.pop()
            values.pop()
            states.extend(popped_states)
            values.extend(popped_values)

    def finish(self) -> Value | None:
        """Reduce to the start symbol; its value (None if the input is incomplete, nothing changed)."""
        if not self.accepts_end():
            return None
        action = self.t.action
        while self.states[-1] != self.end_state:
            self._reduce(~action[self.states[-1]]["$END"])
        return self.values[-1]

    def _reduce(self, r: int) -> None:
        n, origin, mask, inline, expand1, callback = self.t.rules[r]
        states, values = self.states, self.values
        if n:
            children = values[-n:]
            del states[-n:]
            del values[-n:]
        else:
            children = []
        if mask is not None:
            spliced: list = []
            for v, m in zip(children, mask):
                if m:
                    spliced.extend(v)
                else:
                    spliced.append(v)
            children = spliced
        if inline:
            value = children
        elif expand1 and len(children) == 1:
            value = children[0]
        else:
            value = callback(children)
        states.append(self.t.action[states[-1]][origin])
        values.append(value)
