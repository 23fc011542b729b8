"""Turn the assorted errors a damaged Whoosh index raises into one named error.

A truncated postings file or garbage in a segment's stored fields surfaces deep in
Whoosh as struct.error, EOFError, zlib.error, UnicodeDecodeError, pickle errors and
more. Only errors raised inside Whoosh's own code count as damage: a bug of ours
still shows as itself.
"""
from __future__ import annotations

import contextlib
import functools
import inspect
import os
from typing import Any, Callable, Iterator, TypeVar

from .errors import IndexDamagedError, NewsearchError, is_disk_full

F = TypeVar("F", bound=Callable[..., Any])


def _whoosh_dir() -> str:
    import whoosh

    return os.path.dirname(whoosh.__file__) + os.sep


#: newsearch's modules that decode Whoosh's files themselves (posting blocks, column
#: tables): what fails inside them on a damaged file is damage, as it is inside Whoosh.
READERS = ("_whoosh.py", "evaluation.py")


def raised_in_whoosh(exc: BaseException) -> bool:
    """True when, of the frames *exc* passed through, the innermost one that is
    Whoosh's or newsearch's own is Whoosh's, or one of newsearch's READERS of
    Whoosh's files (frames of the standard library, such as pickle or codecs,
    raising on their behalf are looked through)."""
    whoosh_dir = _whoosh_dir()
    own_dir = os.path.dirname(os.path.abspath(__file__)) + os.sep
    readers = {own_dir + name for name in READERS}
    innermost = None
    tb = exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.startswith(whoosh_dir) or name in readers:
            innermost = "whoosh"
        elif name.startswith(own_dir):
            innermost = "own"
        tb = tb.tb_next
    return innermost == "whoosh"


@contextlib.contextmanager
def _as_damage(home: Any) -> Iterator[None]:
    """Re-raise an error Whoosh raised as IndexDamagedError; anything else as itself."""
    try:
        yield
    except NewsearchError:
        raise
    except Exception as exc:
        if not raised_in_whoosh(exc) or is_disk_full(exc):  # a full disk is not damage
            raise
        detail = " ".join(f"{type(exc).__name__}: {exc}".split())[:120]
        where = getattr(home, "index_dir", home)
        raise IndexDamagedError(f"the index is damaged ({detail!r}; in {where})") from exc


def guard_index(func: F) -> F:
    """Decorate a reader whose first argument is the Home: Whoosh failures become
    IndexDamagedError, for plain functions and generators alike."""
    if inspect.isgeneratorfunction(func):

        @functools.wraps(func)
        def gen_wrapper(home: Any, *args: Any, **kwargs: Any) -> Iterator[Any]:
            with _as_damage(home):
                yield from func(home, *args, **kwargs)

        return gen_wrapper  # type: ignore[return-value]

    @functools.wraps(func)
    def wrapper(home: Any, *args: Any, **kwargs: Any) -> Any:
        with _as_damage(home):
            return func(home, *args, **kwargs)

    return wrapper  # type: ignore[return-value]
