"""golint-panics: find the Go code behind pods that crash and restart."""
from ._version import __version__

INFORMATION_URI = "https://github.com/golint-panics/golint-panics"

__all__ = ["INFORMATION_URI", "__version__"]
