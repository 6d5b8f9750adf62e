"""A test-only document kind that really kills or hangs the process reading it.

Imported through ``XXGK_PLUGINS=poison_reader`` (with ``tests/`` on ``PYTHONPATH``), it
registers the kind ``poison`` through the normal reader registry: a file whose bytes start
with ``XXGK-POISON `` names what its reader does, e.g. ``XXGK-POISON kill KILL``:

- ``kill SIG``  the process sends itself signal SIG (KILL: the OOM killer; SEGV, ABRT, BUS …)
- ``exit N``    ``os._exit(N)``, no clean-up (a library calling exit)
- ``segfault``  a real invalid memory read, in native code
- ``loop``      a pure-Python endless loop
- ``block``     blocked in native code (a sleep the interpreter cannot interrupt between bytecodes)

Never import it into a process that must live: it is for worker processes only.
"""

from __future__ import annotations

import ctypes
import os
import signal
import time

from pipeline.read.plugins import register_reader

MAGIC = b"XXGK-POISON "


def poison(action: str) -> bytes:
    """The bytes of a file that does ``action`` to the process reading it."""
    return MAGIC + action.encode() + b"\n"


def _kill(name: str) -> None:
    os.kill(os.getpid(), getattr(signal, f"SIG{name}"))
    time.sleep(5)  # the signal is delivered before this returns


def _loop(_: str) -> None:
    while True:
        pass


ACTIONS = {
    "kill": _kill,
    "exit": lambda code: os._exit(int(code)),
    "segfault": lambda _: ctypes.string_at(0),
    "loop": _loop,
    "block": lambda _: time.sleep(3600),
}


def _read(data: bytes, source: str):
    action, _, arg = data[len(MAGIC):].decode().strip().partition(" ")
    ACTIONS[action](arg)
    raise AssertionError(f"{source}: poison {action!r} left its process alive")


register_reader("poison", MAGIC, _read)
