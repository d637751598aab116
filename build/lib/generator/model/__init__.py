"""The typed content model: the single source of truth that templates receive."""
