"""A reader that goes away is not an error: ``newsearch query x --json | head -1``.

Python ignores SIGPIPE, so a write to a pipe whose reader has closed raises
BrokenPipeError; click would turn that into exit code 1, and the interpreter's last
flush of stdout into "Exception ignored" and exit code 120. ``PipeSafeGroup`` ends
any command quietly with exit code 0 instead.
"""
from __future__ import annotations

import os
import sys
from typing import Any, NoReturn

import click


def reader_gone() -> NoReturn:
    """Exit 0 without another word: point stdout at /dev/null so that the interpreter's
    final flush of what is still buffered cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real stdout (tests): nothing left to protect
        pass
    sys.exit(0)


class PipeSafeGroup(click.Group):
    """A click group whose commands end with exit code 0 when stdout's reader goes away.

    Commands named in ``lazy`` (name -> "module:attribute") are imported only when run
    or listed, so that ``newsearch query`` does not import every other command's module."""

    lazy: dict[str, str] = {}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.lazy and name not in self.commands:
            import importlib

            module, _, attr = self.lazy[name].partition(":")
            self.add_command(getattr(importlib.import_module(module), attr), name)
        return super().get_command(ctx, name)

    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None,
                     **extra: Any) -> click.Context:
        try:  # --help and --version print while the arguments are parsed
            return super().make_context(info_name, args, parent, **extra)
        except BrokenPipeError:
            reader_gone()

    def invoke(self, ctx: click.Context) -> Any:
        try:
            value = super().invoke(ctx)
            sys.stdout.flush()  # fail here, where it is caught, rather than at exit
            return value
        except BrokenPipeError:
            reader_gone()
