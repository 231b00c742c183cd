"""The content model and its validation: what the screening is made of (questions,
rules, conditions, wording), loaded and checked by ``loading``; pure, no I/O."""
