"""The interview: the questions asked one at a time in a terminal.

``cursor`` decides which question comes next and where Back leads, ``drafts`` keeps
unfinished answers on disk, and ``flow`` runs the whole interview with its parts
(``asking``, ``resume``, ``warning_signs``, ``review_screen``, ``ending``; the layouts
in ``review`` and ``result``). ``flow`` talks to a ``prompter.Prompter``; the terminal
one is ``prompts`` (with ``widgets`` and ``screen_text``, the only modules importing
questionary and prompt_toolkit). It yields the same answers as an answers file, for the
same engine and renderers. Imported only when questions are asked, so other commands
never pay for questionary.
"""
