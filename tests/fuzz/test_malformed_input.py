"""Robustness: every public callable, fed malformed input, raises only documented errors.

Documented errors are the library's own (``KeyAccountError``: ``RuleInputError``,
``PolicyError``, …, all ``ValueError``) and, for records and models, pydantic's
``ValidationError``. Never ``KeyError``, ``AttributeError``, a ``TypeError`` from the
internals, ``ZeroDivisionError`` or ``decimal.InvalidOperation``. Functions without an entry
in ``VALID`` (families added later) are fuzzed from their signature with malformed values only.
"""

from __future__ import annotations

import datetime as dt
import decimal
import inspect
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

import keyaccount_rules as kr
from keyaccount_rules import strategies as ks
from keyaccount_rules.core.money import MAX_YUAN

DOCUMENTED = (kr.KeyAccountError, ValidationError)

np = pytest.importorskip("numpy")  # pandas (a test dependency) brings numpy

#: What a DataFrame cell, a spreadsheet or a careless caller hands over.
AWKWARD: list[Any] = [
    np.float64(900000.0),
    np.float64("nan"),
    np.float32(1.5),
    np.int64(1_200_000),
    np.int32(-1),
    np.bool_(True),
    -0,
    -0.0,
    Decimal("-0"),
    Decimal("-0.00"),
    "-0",
    "1,5",
    "150000,00",
    "1,234,567.89",
    "12,34",
    "１２３",
    "٣٤٥",
    "1" * 5000,
]

HISTORY = kr.PolicyHistory(
    [kr.default_policy().with_changes({"effective_from": dt.date(2020, 1, 1)})]
)

MALFORMED: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.sampled_from(
        [
            "",
            " ",
            "NaN",
            "nan",
            "-nan",
            "sNaN",
            "Infinity",
            "-inf",
            "1e999999",
            "1e-999999",
            "-1",
            "-0.01",
            "0",
            "0.001",
            "1,2,3",
            "١٢٣",
            "１２３",
            "gold",
            "GOLD",
            "unknown",
            "44050700012000",
            "4405070001200",
            "00000000000000",
            "2026-02-30",
            "9999-12-31",
            "\x00",
            "汕头",
        ]
    ),
    st.sampled_from([Decimal("sNaN"), Decimal("-0"), Decimal("1e15"), Decimal("1E+30")]),
    st.sampled_from(AWKWARD),
    st.text(max_size=20),
    st.dates(),
    st.datetimes(),
    st.just(dt.date.min),
    st.just(dt.date.max),
    st.lists(st.one_of(st.integers(), st.text(max_size=3), st.none()), max_size=3),
    st.dictionaries(st.text(max_size=5), st.one_of(st.integers(), st.text(max_size=3)), max_size=3),
    st.sampled_from([object(), b"bytes", 1j, ..., len, type]),
    st.sampled_from([*kr.Tier, *kr.Scope, *kr.Unit, *kr.BusinessLine, *kr.Criterion]),
    st.just(kr.default_policy()),
    st.just(HISTORY),
)

_ID_TEXT = ks.customer_ids().map(str)
VALID: dict[str, dict[str, st.SearchStrategy[Any]]] = {
    "grade": {
        "annual_revenue": st.one_of(ks.amounts(), ks.boundary_amounts()),
        "bureau_annual_revenue": ks.amounts(),
        "special_diamond_approval": st.booleans(),
    },
    "qualify": {"customer": ks.customers()},
    "newspaper_monthly_revenue": {
        "annual_turnover": ks.amounts(),
        "average_fee_rate": st.decimals(0, 1, places=4),
        "other_income": ks.amounts(),
    },
    "responsible_unit": {"tier": ks.tiers(), "scope": ks.scopes(), "delegated_to": ks.units()},
    "visit_requirement": {"tier": ks.tiers(), "scope": ks.scopes()},
    "evaluate": {
        "customer": ks.customers(),
        "bureau_annual_revenue": ks.amounts(1),
        "as_of": st.dates(),
        "special_diamond_approval": st.booleans(),
        "delegated_to": st.none() | ks.units(),
    },
    "next_customer_id": {
        "division": st.sampled_from(["440507", "110101", "820001"]),
        "existing": st.lists(_ID_TEXT, max_size=4),
    },
    "next_branch_id": {
        "headquarters": _ID_TEXT,
        "existing": st.lists(_ID_TEXT, max_size=4),
    },
    "CustomerId.parse": {"text": _ID_TEXT},
    "CustomerId": {
        "division": st.sampled_from(["440507", "100000", "44050"]),
        "sequence": st.integers(-2, 100_001),
        "branch": st.integers(-2, 1001),
    },
    "Customer": {"name": st.text(max_size=5), "scope": ks.scopes()},
    "evaluate_portfolio": {"customers": st.lists(ks.customers(), max_size=3)},
    "audit": {"function": st.sampled_from(["grade", "qualify", "nonsense"])},
    "PolicyHistory": {"policies": st.lists(st.just(kr.default_policy()), max_size=2)},
}

# Callables that are not rule functions: enum classes (Python's ValueError is their contract),
# exception classes, the Yuan annotation.
SKIP = {"Yuan"}


#: Every public name of the package: its face (``__all__``) and the names it also exports.
PUBLIC_NAMES = sorted(name for name in vars(kr) if not name.startswith("_"))


def _public_callables() -> dict[str, Callable[..., Any]]:
    found: dict[str, Callable[..., Any]] = {}
    for name in PUBLIC_NAMES:
        value = getattr(kr, name)
        if name in SKIP or not callable(value):
            continue
        if isinstance(value, type) and issubclass(value, BaseException | str):
            continue  # exceptions and the vocabulary enums
        found[name] = value
    found["CustomerId.parse"] = kr.CustomerId.parse
    return found


CALLABLES = _public_callables()


def _parameters(func: Callable[..., Any]) -> list[inspect.Parameter]:
    try:
        signature = inspect.signature(func)
    except (TypeError, ValueError):  # pragma: no cover - every public callable has one
        return []
    return [
        p
        for p in signature.parameters.values()
        if p.kind not in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
    ]


def _consume(result: object) -> object:
    # Lazy results (generators) only fail when iterated.
    if inspect.isgenerator(result) or type(result).__name__ == "generator":
        return list(result)  # type: ignore[call-overload]
    return result


@pytest.fixture(params=["library context", "caller context prec=6"])
def caller_context(request: pytest.FixtureRequest) -> Iterator[None]:
    """Run under the caller's own decimal context: the library's answers must not change."""
    if request.param == "library context":
        yield
        return
    with decimal.localcontext() as context:
        context.prec = 6
        context.traps[decimal.Inexact] = True
        yield


#: Raw decimal errors hypothesis found in code not yet fixed, by (context, name); not strict,
#: since a search may miss them in a run. Empty: every family runs in the
#: library's own decimal context.
FOUND_ELSEWHERE: dict[tuple[str, str], str] = {}


@pytest.fixture(autouse=True)
def _found_elsewhere(request: pytest.FixtureRequest) -> None:
    callspec = getattr(request.node, "callspec", None)
    if callspec is None or request.node.originalname != (
        "test_malformed_input_raises_only_documented_errors"
    ):
        return
    key = (callspec.params.get("caller_context"), callspec.params.get("name"))
    if key in FOUND_ELSEWHERE:
        request.applymarker(pytest.mark.xfail(strict=False, reason=FOUND_ELSEWHERE[key]))


@pytest.mark.parametrize("name", sorted(CALLABLES))
@settings(
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)
@given(data=st.data())
def test_malformed_input_raises_only_documented_errors(
    name: str, data: st.DataObject, caller_context: None
) -> None:
    func = CALLABLES[name]
    valid = VALID.get(name, {})
    kwargs: dict[str, Any] = {}
    for parameter in _parameters(func):
        if parameter.name == "policy":
            choices = [st.just(None), st.just(kr.default_policy()), MALFORMED]
            if name == "evaluate":
                choices.append(st.just(HISTORY))
        elif parameter.name in valid:
            choices = [valid[parameter.name], valid[parameter.name], MALFORMED]
        else:
            choices = [MALFORMED]
        optional = parameter.default is not inspect.Parameter.empty
        if optional and data.draw(st.booleans(), label=f"omit {parameter.name}"):
            continue
        kwargs[parameter.name] = data.draw(st.one_of(*choices), label=parameter.name)
    positional = [
        kwargs.pop(p.name)
        for p in _parameters(func)
        if p.kind is inspect.Parameter.POSITIONAL_ONLY and p.name in kwargs
    ]
    try:
        result = _consume(func(*positional, **kwargs))
    except DOCUMENTED:
        return
    _check_answer(name, kwargs, result)


def _valid_amount(value: object) -> bool:
    try:
        kr.Customer(name="x", newspaper_turnover_last_year=value)
    except ValidationError:
        return False
    return True


def _check_answer(name: str, kwargs: dict[str, Any], result: object) -> None:
    """Where the function returned, the answer must be one the inputs allow."""
    if name == "grade":
        assert _valid_amount(kwargs["annual_revenue"])
        assert _valid_amount(kwargs["bureau_annual_revenue"])
        assert isinstance(result, kr.Grading)
        assert result.bureau_annual_revenue > 0
        assert result.annual_revenue <= result.bureau_annual_revenue
        assert isinstance(kwargs.get("special_diamond_approval", False), bool)
    if name == "newspaper_monthly_revenue":
        assert isinstance(result, Decimal)
        assert result.is_finite()
        assert 0 <= result < MAX_YUAN * 2
    if name == "evaluate":
        assert isinstance(result, kr.Evaluation)
        assert isinstance(kwargs["customer"], kr.Customer)
        assert _valid_amount(kwargs["bureau_annual_revenue"])
        assert result.as_of == kwargs["as_of"]
    if name in ("responsible_unit", "visit_requirement"):
        assert result.tier in kr.Tier  # type: ignore[attr-defined]
    if hasattr(result, "explanation") and isinstance(result.explanation, kr.Explanation):
        assert str(result.explanation)


#: Integers too long for ``str()`` (hypothesis cannot show them either: called directly).
HUGE = [10**5000, -(10**5000)]
#: Plain valid arguments, so that a huge integer in one parameter reaches that parameter.
PLAIN: dict[str, dict[str, Any]] = {
    "grade": {"annual_revenue": 1_000_000, "bureau_annual_revenue": 300_000_000},
    "evaluate": {
        "customer": kr.Customer(name="A", last_year_revenue={"express": 25_000}),
        "bureau_annual_revenue": 300_000_000,
        "as_of": dt.date(2026, 11, 23),
    },
    "newspaper_monthly_revenue": {"annual_turnover": 120_000, "average_fee_rate": "0.1"},
    "fluctuation": {"previous": 100, "current": 60},
    "monthly_pay": {
        "quality": {"groundwork": 1, "service": 1, "feedback": 1, "marketing": 1},
        "collections": [],
    },
    "next_customer_id": {"division": "440507", "existing": []},
    "year_calendar": {"year": 2025},
    "CustomerId": {"division": "440507", "sequence": 1},
}


@pytest.mark.parametrize("name", sorted(CALLABLES))
def test_a_huge_integer_in_any_parameter_raises_only_documented_errors(name: str) -> None:
    func = CALLABLES[name]
    required = [
        p.name
        for p in _parameters(func)
        if p.default is inspect.Parameter.empty and p.name != "policy"
    ]
    names = {p.name for p in _parameters(func) if p.name != "policy"}
    messages: list[tuple[str, str]] = []
    for parameter in sorted(names):
        for huge in HUGE:
            kwargs = {key: PLAIN.get(name, {}).get(key, huge) for key in required}
            kwargs[parameter] = huge
            positional = [
                kwargs.pop(p.name)
                for p in _parameters(func)
                if p.kind is inspect.Parameter.POSITIONAL_ONLY and p.name in kwargs
            ]
            try:
                _consume(func(*positional, **kwargs))
            except DOCUMENTED as err:
                messages.append((parameter, str(err)))
    too_long = [parameter for parameter, message in messages if len(message) > 5_000]
    assert not too_long, f"{name}: over-long messages for {too_long}"


def test_the_fuzz_covers_every_public_rule_function() -> None:
    functions = {
        name
        for name in PUBLIC_NAMES
        if inspect.isfunction(getattr(kr, name)) and name not in ("default_policy",)
    }
    assert functions <= set(CALLABLES)


@pytest.mark.parametrize(
    ("call", "field"),
    [
        pytest.param(lambda: kr.next_customer_id("440507", 5), "existing", id="ids-not-iterable"),
        pytest.param(lambda: kr.next_customer_id("440507", None), "existing", id="ids-none"),
        pytest.param(
            lambda: kr.next_customer_id("440507", "44050700012000"), "existing", id="ids-one-string"
        ),
        pytest.param(lambda: kr.next_branch_id("44050700012000", 5), "existing", id="branches-int"),
    ],
)
def test_a_malformed_id_list_names_the_field(call: Callable[[], object], field: str) -> None:
    with pytest.raises(kr.RuleInputError) as caught:
        call()
    assert caught.value.field == field


def test_customer_ids_do_not_compare_with_other_types() -> None:
    cid = kr.CustomerId.parse("44050700012000")
    with pytest.raises(TypeError, match="'<' not supported"):
        _ = cid < "44050700012001"  # type: ignore[operator]
    assert cid != "44050700012000"
    assert sorted([kr.CustomerId.parse("44050700012001"), cid]) == [
        cid,
        kr.CustomerId.parse("44050700012001"),
    ]


def _in_caller_context(call: Callable[[], object]) -> object:
    with decimal.localcontext() as context:
        context.prec = 6
        context.traps[decimal.Inexact] = True
        return call()


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(
            lambda: kr.fluctuation(0, np.float64(900000.0)),
            id="fluctuation-numpy-float",
        ),
        pytest.param(
            lambda: _in_caller_context(lambda: kr.fluctuation(3, 1)),
            id="fluctuation-caller-context",
        ),
        pytest.param(
            lambda: _in_caller_context(lambda: kr.grade(1_234_567, 300_000_000)),
            id="grade-caller-context",
        ),
        pytest.param(
            lambda: _in_caller_context(lambda: kr.newspaper_monthly_revenue(Decimal("0.01"), 1)),
            id="newspaper-caller-context",
        ),
        pytest.param(
            lambda: _in_caller_context(
                lambda: kr.qualify(
                    kr.Customer(
                        name="A",
                        current_month_revenue={"savings_remittance": "999.99", "bills": "9999.99"},
                    )
                )
            ),
            id="qualify-caller-context",
        ),
        pytest.param(lambda: kr.grade(10**5000, 1), id="grade-huge-integer"),
        pytest.param(lambda: kr.grade("1,5", 100), id="grade-decimal-comma"),
        pytest.param(lambda: kr.next_customer_id("４４０５０７", []), id="full-width-division"),
        pytest.param(lambda: kr.audit(10**5000), id="audit-huge-integer-name"),
    ],
)
def test_awkward_input_found_by_the_fuzz_raises_a_documented_error(
    call: Callable[[], object],
) -> None:
    try:
        call()
    except DOCUMENTED:
        return
