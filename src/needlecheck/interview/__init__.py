"""The interview: the questions asked one at a time in a terminal.

``cursor`` decides which question comes next and where Back leads, ``drafts`` keeps
unfinished answers on disk, ``prompts`` is the terminal (the only module importing
questionary), and ``flow`` runs the whole interview. It yields the same answers as an
answers file, for the same engine and renderers. Imported only when questions are asked,
so other commands never pay for questionary.
"""
