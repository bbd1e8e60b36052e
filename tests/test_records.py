"""records.py makes what dataclasses makes of the classes this package
declares (the rule API's Rule, Finding, Location, Settings among them):
each behaviour below is compared with dataclasses' on the same class."""
import dataclasses
import pickle

import pytest

from golint_panics import records
from golint_panics.rule import Finding, Location, Rule, Settings


def _both(body: str, **options):
    """The class declared by `body`, made by dataclasses and by records."""
    made = []
    for deco, field in ((dataclasses.dataclass, dataclasses.field),
                        (records.datatype, records.field)):
        ns = {"field": field}
        exec(f"class Point:\n{body}", ns)
        made.append(deco(**options)(ns["Point"]))
    return made


BODY = ("    x: int\n"
        "    label: str = 'p'\n"
        "    tags: list = field(default_factory=list, hash=False)\n"
        "    extra: dict = field(default_factory=dict, hash=False)\n"
        "    note: str = field(default='', compare=False)\n")


@pytest.mark.parametrize("options", [{}, {"frozen": True}, {"frozen": True, "eq": False},
                                     {"eq": False}])
def test_a_record_behaves_as_the_dataclass_of_the_same_class(options):
    D, R = _both(BODY, **options)
    for cls in (D, R):
        a, b, c = cls(1), cls(1, "p", [], {}, "other note"), cls(2, tags=[3])
        assert repr(a).endswith("Point(x=1, label='p', tags=[], extra={}, note='')")
        assert a.tags is not cls(1).tags          # a fresh default per instance
        assert (a == b, a == c, a == (1, "p", [], {}, "")) == \
            ((True, False, False) if options.get("eq", True) else (False, False, False))
        assert cls.label == "p" and not hasattr(cls, "tags")
    d, r = D(1, "q"), R(1, "q")
    assert repr(d) == repr(r)
    hashable = options.get("frozen") or not options.get("eq", True)
    for obj in (d, r):
        if hashable:
            hash(obj)
        else:
            with pytest.raises(TypeError):
                hash(obj)
    if options == {"frozen": True}:
        # the hash leaves out hash=False and compare=False fields, as dataclasses' does
        assert hash(R(1, extra={"k": 1}, note="n")) == hash(R(1)) and \
            hash(D(1, extra={"k": 1}, note="n")) == hash(D(1))
        assert hash(R(1)) != hash(R(2))
    if options.get("frozen"):
        for obj in (d, r):
            with pytest.raises(AttributeError):
                obj.x = 3
            with pytest.raises(AttributeError):
                del obj.x
        with pytest.raises(records.FrozenInstanceError):
            r.label = "z"
    else:
        r2 = R(1)
        r2.x = 5
        assert r2.x == 5
    # arguments as dataclasses take them
    for cls in (D, R):
        with pytest.raises(TypeError):
            cls()
        with pytest.raises(TypeError):
            cls(1, nope=2)
    # fields and replace
    assert [f.name for f in records.fields(r)] == [f.name for f in dataclasses.fields(d)]
    assert repr(records.replace(r, label="z")) == repr(dataclasses.replace(d, label="z"))
    assert r.label == "q"


def test_a_default_before_a_required_field_is_refused_as_dataclasses_refuse_it():
    for deco in (dataclasses.dataclass, records.datatype):
        with pytest.raises(TypeError):
            deco(type("P", (), {"__annotations__": {"a": int, "b": int}, "a": 1}))


def test_a_mutable_default_is_refused_as_dataclasses_refuse_it():
    for deco in (dataclasses.dataclass, records.datatype):
        with pytest.raises(ValueError):
            deco(type("P", (), {"__annotations__": {"a": list}, "a": []}))


def test_a_method_the_class_declares_is_kept():
    @records.datatype(frozen=True)
    class P:
        x: int

        def __repr__(self):
            return "mine"
    assert repr(P(1)) == "mine" and P(1) == P(1)


def test_the_rule_apis_records_compare_hash_and_travel_to_workers():
    loc = Location("a.go", 1, 2, 1, 5, 0, 3)
    f = Finding("GP001", "multiple-signal-notify", "msg", "error", loc)
    assert f == pickle.loads(pickle.dumps(f)) and hash(f) == hash(pickle.loads(pickle.dumps(f)))
    assert {f, records.replace(f)} == {f}
    s = Settings(rule_options={"GP004": {"strict": True}})
    assert pickle.loads(pickle.dumps(s)) == s and s != Settings()
    assert hash(s) == hash(Settings())          # options are compared, not hashed
    rule = Rule(code="XP0001", name="x", summary="x", docs="x", query="(x) @node",
                check=lambda node, ctx: None)
    assert records.replace(rule, severity="warning").severity == "warning"


def test_the_precompiled_record_methods_are_current():
    """golint_panics/_records_compiled.py holds the methods of every record
    class of the package (a one-file check imports ~20 of them: compiling
    their methods at import was ~6 ms of its ~100). After a change to a
    record class or to records.py, `python -m golint_panics.records`
    writes it again; a record it lacks still works (compiled at import),
    as this module's own records show."""
    import os
    from golint_panics import records
    path = os.path.join(os.path.dirname(records.__file__), "_records_compiled.py")
    with open(path, encoding="utf-8") as fh:
        assert fh.read() == records._all_records(), \
            "stale: run `python -m golint_panics.records`"
    # every record class of the package imported so far came from it
    from golint_panics._records_compiled import FACTORIES
    assert records.BUILT and all(key in FACTORIES for key in records.BUILT)
