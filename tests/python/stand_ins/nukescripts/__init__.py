"""Stand-in for Nuke's nukescripts package (tests only)."""
from . import panels  # noqa: F401
