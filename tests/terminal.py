"""A command run in a pseudo-terminal, driven as a person would: wait for a question, type an answer."""

from __future__ import annotations

import os
import pty
import re
import select
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType

_ESCAPES = re.compile(r"\x1b(\[[0-9;?]*[A-Za-z]|[=>])")


class Terminal:
    """``python -m generator ARGS`` with a terminal for its input and output, as in a shell."""

    def __init__(self, *args: str, cwd: Path, env: dict[str, str], timeout: float = 30) -> None:
        self.timeout = timeout
        controller, child = pty.openpty()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "generator", *args],
            stdin=child,
            stdout=child,
            stderr=child,
            cwd=cwd,
            env={**os.environ, "TERM": "xterm", **env},
            start_new_session=True,
        )
        os.close(child)
        self.controller = controller
        self.screen = ""
        """Everything shown so far, without terminal control sequences and carriage returns."""
        self._seen = 0

    def _read(self, deadline: float) -> bool:
        """Read what is shown; False once the command has closed the terminal."""
        ready, _, _ = select.select([self.controller], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            return True
        try:
            data = os.read(self.controller, 4096)
        except OSError:  # EIO: the command ended and the terminal closed
            return False
        if not data:
            return False
        self.screen += _ESCAPES.sub("", data.decode("utf-8", "replace")).replace("\r", "")
        return True

    def expect(self, text: str) -> str:
        """Wait until ``text`` is shown after what was expected before; return what was shown up to it."""
        deadline = time.monotonic() + self.timeout
        while text not in self.screen[self._seen :]:
            if time.monotonic() > deadline or not self._read(deadline):
                raise AssertionError(f"never shown: {text!r}\n--- the terminal showed:\n{self.screen[self._seen :]}")
        end = self.screen.index(text, self._seen) + len(text)
        shown, self._seen = self.screen[self._seen : end], end
        return shown

    def send(self, answer: str) -> None:
        """Type a line and press Enter."""
        os.write(self.controller, answer.encode("utf-8") + b"\r")

    def interrupt(self) -> None:
        """Ctrl-C: SIGINT to the command (the terminal is not its controlling one, so no key would send it)."""
        self.process.send_signal(signal.SIGINT)

    def answer(self, question: str, answer: str) -> str:
        shown = self.expect(question)
        self.send(answer)
        return shown

    def finish(self) -> int:
        """Everything the command still shows, and its exit status."""
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline and self._read(deadline):
            pass
        return self.process.wait(timeout=self.timeout)

    def rest(self) -> str:
        return self.screen[self._seen :]

    def __enter__(self) -> Terminal:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        os.close(self.controller)
