"""Text from sites, made safe for a terminal before it is printed.

A headline, author, site name or page text may hold escape sequences (``ESC]0;...BEL``
sets the window title, ``ESC[2J`` clears the screen, OSC 52 writes the clipboard).
Extraction strips them, but records stored before that, or sites.toml values, may
still hold them: every field printed for a person goes through ``clean``, which
shows each control character as a visible ``\\xNN`` / ``\\uNNNN`` escape instead.
"""
from __future__ import annotations

from indexer.text import escape_controls as clean

__all__ = ["clean"]
