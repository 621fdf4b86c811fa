"""Metavariables and unification for the elaborator: contexts (`context`), instantiation and
abstraction (`instantiate`), and the checker that extends the kernel's algorithms (`checker`)."""
