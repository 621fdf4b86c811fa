"""Lantern's front end (untrusted): parser, notation, elaborator, tactics, info tree, prelude,
evaluator and the incremental document engine. Everything it produces is checked by the kernel."""
