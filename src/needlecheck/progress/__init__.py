"""Saved screenings (``history``, named by ``saved_names``) and the progress between
two of them (``compare``)."""
