"""Term elaboration: `elaborator` (dispatch, binders, literals), `app` (names, applications, field
notation), `instances` (type class resolution)."""
