"""The built-in sample news sites of ``newsearch demo`` (served on loopback)."""
from __future__ import annotations

from .site import DemoServer

__all__ = ["DemoServer"]
