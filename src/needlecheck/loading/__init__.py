"""Loading the content: TOML files in, a checked, typed ``Content`` out (``loading.content``).

``files`` reads and caches the TOML, ``problems`` collects every problem with typed
getters, ``questions``, ``logic``, ``scores`` and ``wording`` build their parts, ``translation``
checks a language against English, and ``content`` puts them together.
"""
