"""Lantern's language server: a thin pygls adapter over the front end's document engine."""
