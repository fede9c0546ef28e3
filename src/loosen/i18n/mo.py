"""A compiled catalog (GNU ``.mo``) read on demand: the file's bytes are kept, an index of the
message ids (as bytes) is made at the first lookup, and a translation is decoded only when it
is asked for.

The standard library's ``gettext.GNUTranslations`` decodes every id and every translation into
a dictionary of strings when the file is opened: about twice the memory in the long-running
service, and a few milliseconds more at every start of the command line, for the few dozen
messages a command shows (``bench/README.md``).
"""

from __future__ import annotations

import struct
from collections.abc import Callable

MAGIC = 0x950412DE


class MoCatalog:
    def __init__(self, data: bytes) -> None:
        (magic,) = struct.unpack_from("<I", data, 0)
        self._e = "<" if magic == MAGIC else ">"
        if struct.unpack_from(self._e + "I", data, 0)[0] != MAGIC:
            raise ValueError("not a compiled gettext catalog")
        _rev, n, ids, strs = struct.unpack_from(self._e + "4I", data, 4)
        self._n: int = n
        self._ids: int = ids
        self._strs: int = strs
        self._data = data
        self._index: dict[bytes, int] | None = None
        self._rule: Callable[[int], int] | None = None

    def _entry(self, table: int, i: int) -> bytes:
        length, offset = struct.unpack_from(self._e + "2I", self._data, table + 8 * i)
        return self._data[int(offset) : int(offset) + int(length)]

    def _find(self, key: bytes) -> int | None:
        if self._index is None:
            table = struct.unpack_from(f"{self._e}{2 * self._n}I", self._data, self._ids)
            data = self._data
            self._index = {
                data[table[k + 1] : table[k + 1] + table[k]]: k // 2
                for k in range(0, 2 * self._n, 2)
            }
        return self._index.get(key)

    def gettext(self, message: str, /) -> str:
        i = self._find(message.encode())
        if i is None:
            return message
        return self._entry(self._strs, i).decode() or message

    def ngettext(self, singular: str, plural: str, n: int, /) -> str:
        return self._plural(singular.encode(), singular, plural, n)

    def _plural(self, key: bytes, singular: str, plural: str, n: int) -> str:
        i = self._find(key + b"\0" + plural.encode())
        if i is not None:
            forms = self._entry(self._strs, i).split(b"\0")
            form = self._plural_of(n)
            if form < len(forms) and forms[form]:
                return forms[form].decode()
        return singular if n == 1 else plural

    def pgettext(self, context: str, message: str, /) -> str:
        i = self._find(f"{context}\x04{message}".encode())
        if i is None:
            return message
        return self._entry(self._strs, i).decode() or message

    def npgettext(self, context: str, singular: str, plural: str, n: int, /) -> str:
        return self._plural(f"{context}\x04{singular}".encode(), singular, plural, n)

    def _plural_of(self, n: int) -> int:
        if self._rule is None:
            import gettext  # only for its parser of the Plural-Forms expression

            expr = "n != 1"
            for line in self.gettext("").splitlines() if self._find(b"") is not None else []:
                if line.lower().startswith("plural-forms:"):
                    expr = line.split("plural=", 1)[1].rstrip(";").strip()
            self._rule = gettext.c2py(expr)
        return self._rule(n)
