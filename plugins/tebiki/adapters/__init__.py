"""Engine adapters: the only modules that import a site engine (MkDocs, ProperDocs).

`mkdocs/` is the plugin both engines load (`plugins: - tebiki`). Everything else
in tebiki is engine-free; `tests/test_engines.py` fails if that changes."""
