"""Surface syntax: splitting a document into commands, parsing each with lark, and resolving operator
sequences against the notation table in scope.

    source.py      LineIndex: offsets ↔ (line, column), and the LSP position encodings
    scanner.py     comments, strings and chars (Lean's rules, shared by the splitter and the lexer)
    commands.py    split_commands(text): command spans
    lexer.py       lexemes (identifiers, operator runs, literals, punctuation)
    grammar.lark   the LALR grammar (layout tokens are virtual, see layout.py)
    grammar.py     compiling the grammar with lark, and caching the compiled tables on disk
    lr.py          running the LALR tables and building the tree
    layout.py      indentation-sensitive constructs as virtual tokens
    build.py       the tree built at each reduction (tree.py nodes, document spans)
    messages.py    syntax error messages
    parser.py      parse_command / parse_term / parse_document: the driver
    operators.py   NotationTable, resolve, resolve_all: operator precedence with Lean's rules
    tree.py        the syntax tree (the contract with the elaborator)
    tactics.md     the `name` and `args` of each tactic

Nothing is imported here, so that `import lantern.elab.syntax.tree` stays cheap.
"""
