"""Record classes: what `dataclasses.dataclass` makes of a class, for the
subset this package uses, without importing `dataclasses`.

`@datatype` gives a class whose annotated attributes are its fields an
`__init__` (in annotation order; a default or `field(default_factory=...)`
makes a field optional), a `__repr__`, an `__eq__` comparing the fields of
two records of the same class (`eq=False`: identity), and with
`frozen=True` a `__hash__` of the fields and assignments that raise
`FrozenInstanceError`; without `frozen`, an `eq` record is unhashable.
`field(hash=False)` leaves a field out of the hash, `compare=False` out of
both. A method the class body defines itself is kept. `fields` and
`replace` work as dataclasses' do.

Why not dataclasses: Python 3.11's compiles each generated method apart
and its import brings `inspect` (with `ast`, `dis`, `tokenize`): ~20 ms of
the ~130 ms a one-file check takes from process start for the 19 records
it needs. Here each class's methods are generated together, and those of
the package's own classes come precompiled (`_records_compiled`, written
by `python -m golint_panics.records`): compiling them at import was still
~6 ms of a one-file check."""
from __future__ import annotations

_MISSING = object()


class FrozenInstanceError(AttributeError):
    """An assignment to a field of a frozen record."""


class Field:
    __slots__ = ("compare", "default", "default_factory", "hash", "name")

    def __init__(self, default=_MISSING, default_factory=_MISSING, hash: bool | None = None,
                 compare: bool = True):
        if default is not _MISSING and default_factory is not _MISSING:
            raise ValueError("cannot specify both default and default_factory")
        self.name = ""
        self.default, self.default_factory = default, default_factory
        self.hash, self.compare = hash, compare

    def __repr__(self) -> str:
        return f"Field(name={self.name!r})"


def field(*, default=_MISSING, default_factory=_MISSING, hash: bool | None = None,
          compare: bool = True):
    """A field's options, as the value of its annotated attribute."""
    return Field(default, default_factory, hash, compare)


def datatype(cls=None, /, *, frozen: bool = False, eq: bool = True):
    """The class decorator (`@datatype`, `@datatype(frozen=True, eq=False)`)."""
    def wrap(cls):
        return _make(cls, frozen, eq)
    return wrap if cls is None else wrap(cls)


def fields(obj) -> tuple[Field, ...]:
    """A record's (or record class's) fields, in order."""
    try:
        return obj.__record_fields__
    except AttributeError:
        raise TypeError("must be called with a record class or instance") from None


def replace(obj, /, **changes):
    """A new record like `obj` with `changes` to some of its fields."""
    for f in fields(obj):
        if f.name not in changes:
            changes[f.name] = getattr(obj, f.name)
    return obj.__class__(**changes)


def _make(cls, frozen: bool, eq: bool):
    # (the class's own annotations: strings under `from __future__ import
    # annotations`; Python 3.14 makes them on first access otherwise)
    own = cls.__dict__.get("__annotations__")
    if own is None:
        own = getattr(cls, "__annotations__", None) or {}
    out: list[Field] = []
    for name in own:
        value = cls.__dict__.get(name, _MISSING)
        f = value if isinstance(value, Field) else Field(default=value)
        f.name = name
        if f.default is not _MISSING and type(f.default).__hash__ is None:
            # one list, dict or set shared by every instance: as dataclasses
            raise ValueError(f"mutable default {type(f.default)} for field {name} "
                             "is not allowed: use default_factory")
        if f.default is _MISSING:
            if name in cls.__dict__:
                delattr(cls, name)        # a field(default_factory=...) or field()
        else:
            setattr(cls, name, f.default)
        out.append(f)
    names = [f.name for f in out]
    namespace = {"_MISSING": _MISSING, "_setattr": object.__setattr__,
                 "FrozenInstanceError": FrozenInstanceError}
    params, body, optional = [], [], False
    for f in out:
        if f.default is not _MISSING:
            namespace[f"_d_{f.name}"] = f.default
            params.append(f"{f.name}=_d_{f.name}")
            optional = True
            value = f.name
        elif f.default_factory is not _MISSING:
            namespace[f"_f_{f.name}"] = f.default_factory
            params.append(f"{f.name}=_MISSING")
            optional = True
            value = f"_f_{f.name}() if {f.name} is _MISSING else {f.name}"
        else:
            if optional:
                raise TypeError(f"non-default argument {f.name!r} follows default argument")
            params.append(f.name)
            value = f.name
        body.append(f"    _setattr(self, {f.name!r}, {value})" if frozen
                    else f"    self.{f.name} = {value}")
    source = [f"def __init__(self, {', '.join(params)}):" if params else "def __init__(self):",
              *(body or ["    pass"])]
    shown = ", ".join(f"{n}={{self.{n}!r}}" for n in names)
    source += ["def __repr__(self):",
               f"    return f'{{self.__class__.__qualname__}}({shown})'"]
    made = ["__init__", "__repr__"]
    if eq:
        compared = "".join(f"self.{f.name}," for f in out if f.compare)
        other = "".join(f"other.{f.name}," for f in out if f.compare)
        source += ["def __eq__(self, other):",
                   "    if other.__class__ is self.__class__:",
                   f"        return ({compared}) == ({other})",
                   "    return NotImplemented"]
        made.append("__eq__")
    if frozen:
        hashed = "".join(f"self.{f.name}," for f in out
                         if (f.compare if f.hash is None else f.hash))
        source += ["def __setattr__(self, name, value):",
                   "    raise FrozenInstanceError(f'cannot assign to field {name!r}')",
                   "def __delattr__(self, name):",
                   "    raise FrozenInstanceError(f'cannot delete field {name!r}')"]
        made += ["__setattr__", "__delattr__"]
        if eq:
            source += ["def __hash__(self):", f"    return hash(({hashed}))"]
            made.append("__hash__")
    _define("\n".join(source), namespace, cls)
    for name in made:
        if name not in cls.__dict__:
            fn = namespace[name]
            fn.__qualname__ = f"{cls.__qualname__}.{name}"
            setattr(cls, name, fn)
    if eq and not frozen and "__hash__" not in cls.__dict__:
        cls.__hash__ = None             # mutable and compared by value: unhashable
    cls.__record_fields__ = tuple(out)
    return cls


#: every method source built in this process for a class of golint_panics,
#: with its namespace's names (for `python -m golint_panics.records`,
#: which writes _records_compiled)
BUILT: dict[str, tuple[str, ...]] = {}
_PRECOMPILED: dict | None = None


def _key(source: str, names: tuple[str, ...]) -> str:
    return f"{source}\n# {', '.join(names)}"


def _define(source: str, namespace: dict, cls) -> None:
    """Define the methods of `source` in `namespace`: by the factory of the
    generated module `_records_compiled` that holds this very source (its
    bytecode is cached like any module's: nothing is compiled at import,
    ~6 ms of a one-file check's ~100), else compiled now (a record of a
    plugin, or one changed since the module was written)."""
    global _PRECOMPILED
    names = tuple(sorted(namespace))
    key = _key(source, names)
    if cls.__module__.split(".")[0] == "golint_panics":
        BUILT[key] = names
    if _PRECOMPILED is None:
        try:
            from ._records_compiled import FACTORIES as _PRECOMPILED
        except ImportError:
            _PRECOMPILED = {}
    factory = _PRECOMPILED.get(key)
    if factory is not None:
        namespace.update(factory(*(namespace[n] for n in names)))
        return
    exec(compile(source, f"<record {cls.__qualname__}>", "exec"), namespace)


def compiled_module_text() -> str:
    """The source of `_records_compiled` for every record class built so
    far in this process (BUILT): one factory per distinct method source,
    taking its namespace's names and returning the methods."""
    out = ['"""Generated by `python -m golint_panics.records` from the record classes of',
           'golint_panics: their methods, defined here so that importing them compiles',
           'nothing (records.py). Do not edit; a record not found here is compiled at',
           'import instead."""', "", "FACTORIES = {}"]
    for i, key in enumerate(sorted(BUILT)):
        names = BUILT[key]
        source = key.rsplit("\n# ", 1)[0]
        defined = [line.split("(", 1)[0][4:] for line in source.splitlines()
                   if line.startswith("def ")]
        out += ["", "", f"def _{i}({', '.join(names)}):"]
        out += [f"    {line}" if line else "" for line in source.splitlines()]
        out += [f"    return {{{', '.join(f'{d!r}: {d}' for d in defined)}}}", "",
                "", f"FACTORIES[{key!r}] = _{i}"]
    return "\n".join(out) + "\n"


def _all_records() -> str:
    """Import every module of golint_panics (its rules included) and return
    compiled_module_text()."""
    import importlib
    import pkgutil
    import golint_panics
    for info in pkgutil.walk_packages(golint_panics.__path__, "golint_panics."):
        if info.name in ("golint_panics.__main__", "golint_panics._records_compiled"):
            continue
        try:
            importlib.import_module(info.name)
        except ImportError:       # an optional dependency (pygls) not installed
            continue
    return compiled_module_text()


if __name__ == "__main__":
    import os
    from golint_panics import records     # (this file runs as __main__: the module itself)
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "_records_compiled.py")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(records._all_records())
    print(f"wrote {path}")
