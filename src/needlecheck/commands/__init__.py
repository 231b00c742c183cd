"""The commands' use cases, one module per command, as plain functions.

``cli.py`` declares the options (Typer) and calls these; everything a command decides
(which format, which screenings, whether to save, what to ask before deleting) is here,
testable without Typer. Each module imports its heavy dependencies inside the function
that needs them, and ``cli.py`` imports a command's module only when that command runs,
so start-up stays light (``tests/test_startup.py``).
"""
