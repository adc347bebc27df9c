"""The `tebiki` plugin for MkDocs and ProperDocs (entry point `TebikiPlugin` in `plugin`)."""
