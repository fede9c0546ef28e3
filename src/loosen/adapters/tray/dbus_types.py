"""D-Bus signatures as type annotations (dbus-fast reads them; mypy sees the Python types)."""

from __future__ import annotations

from typing import Annotated, Any

from dbus_fast.annotations import DBusSignature

Str = Annotated[str, DBusSignature("s")]
Int = Annotated[int, DBusSignature("i")]
UInt = Annotated[int, DBusSignature("u")]
Bool = Annotated[bool, DBusSignature("b")]
ObjectPath = Annotated[str, DBusSignature("o")]
Var = Annotated[Any, DBusSignature("v")]
Strs = Annotated[list[str], DBusSignature("as")]
Ints = Annotated[list[int], DBusSignature("ai")]
Pixmaps = Annotated[list[Any], DBusSignature("a(iiay)")]
ToolTip = Annotated[list[Any], DBusSignature("(sa(iiay)ss)")]
TwoStrs = Annotated[list[str], DBusSignature("ss")]
Layout = Annotated[list[Any], DBusSignature("u(ia{sv}av)")]
GroupProps = Annotated[list[Any], DBusSignature("a(ia{sv})")]
PropsUpdate = Annotated[list[Any], DBusSignature("a(ia{sv})a(ias)")]
Events = Annotated[list[Any], DBusSignature("a(isvu)")]
TwoIntLists = Annotated[list[list[int]], DBusSignature("aiai")]
UIntInt = Annotated[list[int], DBusSignature("ui")]
IntUInt = Annotated[list[int], DBusSignature("iu")]
