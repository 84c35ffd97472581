"""Stand-in for Maya's maya package (tests only; see tests/python/stand_ins/README.md)."""
