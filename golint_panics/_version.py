"""The version: the one place it is written (pyproject.toml reads it from
here, and so does `golint-panics --version`, without importlib.metadata)."""
__version__ = "0.1.0"
