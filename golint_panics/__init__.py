"""golint-panics: find the Go code behind pods that crash and restart."""
from importlib import metadata as _metadata

try:
    __version__ = _metadata.version("golint-panics")
except _metadata.PackageNotFoundError:  # running from a source tree
    __version__ = "0.0.0+unknown"

INFORMATION_URI = "https://github.com/golint-panics/golint-panics"
