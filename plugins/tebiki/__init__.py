"""tebiki (手引き): back-office procedures as checked YAML, rendered as an MkDocs handbook."""

__version__ = "0.1.0"
