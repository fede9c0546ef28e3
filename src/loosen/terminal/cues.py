"""Sound cues: the terminal bell and, where espeak-ng is installed, a spoken phrase."""

from __future__ import annotations

import shutil
import subprocess
from typing import IO

from loosen.i18n import language

#: espeak-ng's voice for a catalog whose name is not a voice of its own
VOICES = {"pt_BR": "pt-br", "zh_CN": "cmn"}


def voice_args() -> list[str]:
    """espeak-ng speaks the active language (its default voice is English)."""
    lang = language()
    return [] if lang == "en" else ["-v", VOICES.get(lang, lang)]


class Cues:
    def __init__(self, out: IO[str], *, bell: bool, voice: bool) -> None:
        self.out = out
        try:
            tty = out.isatty()
        except (AttributeError, ValueError):
            tty = False
        self.bell_on = bell and tty  # a bell in a pipe or a file is only noise
        self.espeak = shutil.which("espeak-ng") if voice else None
        self._speaking: subprocess.Popen[bytes] | None = None

    def cue(self, phrase: str, *, bell: bool = True) -> None:
        if bell and self.bell_on:
            self.out.write("\a")
            self.out.flush()
        if self.espeak:
            self.say(phrase)

    def say(self, phrase: str) -> None:
        if not self.espeak:
            return
        if self._speaking is not None and self._speaking.poll() is None:
            self._speaking.terminate()
        try:
            self._speaking = subprocess.Popen(
                [self.espeak, "-s", "150", *voice_args(), phrase],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        except OSError:
            self.espeak = None

    def close(self) -> None:
        if self._speaking is not None and self._speaking.poll() is None:
            try:
                self._speaking.wait(timeout=3)
            except subprocess.TimeoutExpired:
                self._speaking.terminate()
