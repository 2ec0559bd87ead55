"""Corridors: digital logistics platform for the Eurasian transport corridors."""

__version__ = "0.1.0"
