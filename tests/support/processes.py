"""Helper scripts run in a fresh interpreter: they import ``support`` like the tests do."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]  # the folder that holds ``support``


def env_with_tests(env: dict[str, str] | None = None) -> dict[str, str]:
    """``env`` (default: this process's) with ``tests/`` first on PYTHONPATH."""
    env = dict(os.environ if env is None else env)
    paths = [str(TESTS), *filter(None, env.get("PYTHONPATH", "").split(os.pathsep))]
    env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
    return env


def first_line(proc: subprocess.Popen[str]) -> str:
    """The child's first line (``ready``), read from the pipe a byte at a time.

    ``proc.stdout.readline()`` reads a whole chunk into the pipe's buffer, and
    ``proc.communicate()`` later reads the file descriptor beneath it: on a busy machine the
    lines the child printed right after ``ready`` (acknowledged writes) sat in that buffer and
    were lost, so a write it acknowledged looked unacknowledged. Nothing is buffered here.
    """
    assert proc.stdout is not None
    fd, line = proc.stdout.fileno(), bytearray()
    while (byte := os.read(fd, 1)) not in (b"", b"\n"):
        line += byte
    return line.decode("utf-8").strip()
