"""Surface syntax: splitting a document into commands, parsing each with lark, and resolving operator
sequences against the notation table in scope."""
