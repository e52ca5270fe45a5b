"""Core: user-facing errors, every path, and the fixed text of each language. Every layer may use it."""
