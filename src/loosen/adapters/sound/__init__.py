"""Sounds the service plays: a short chime with the heads-up and at the end of a break."""
