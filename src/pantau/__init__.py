"""Pantau: election supervision for Bawaslu."""

__version__ = "0.1.0"
