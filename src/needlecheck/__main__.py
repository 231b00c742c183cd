"""``python -m needlecheck``: the same entry point as the ``needlecheck`` command."""

from needlecheck.entry import main

main()
