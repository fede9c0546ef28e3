"""loosen: a local-first movement-break coach for people who sit all day."""

__version__ = "0.1.0"
