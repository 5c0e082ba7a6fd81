"""Schedule results (visits, archives, calendar, reporting, marketing log): what the shared
contract (tests/contract/test_results.py: frozen, closed, exact JSON, fingerprint, hash seeds)
does not say — variant answers, sorted key sets, and the inputs each family refuses.
"""

from __future__ import annotations

import decimal
import json
from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from pydantic import BaseModel

import keyaccount_rules as kr
from keyaccount_rules.core.errors import RuleInputError
from keyaccount_rules.core.money import CONTEXT
from keyaccount_rules.core.vocabulary import ContactKind
from keyaccount_rules.records.activity import Contact
from keyaccount_rules.rules.calendar import BusinessCalendar, work_calendar, year_calendar
from keyaccount_rules.rules.marketing_log import LogEntry, check_marketing_log
from keyaccount_rules.rules.reporting import (
    fluctuation,
    key_customers,
    provincial_filing_list,
)
from keyaccount_rules.rules.visits import visit_compliance, visit_requirement, visit_year

DEFAULT = kr.default_policy()
VARIANT = DEFAULT.with_changes(
    {
        "schedules.fluctuation.more_than": "0.125",
        "schedules.filing.top": 1,
        "schedules.archives.cadence.silver": "month",
        "schedules.contacts.counted": ["visit"],
    }
)
POLICIES = {"default": DEFAULT, "variant": VARIANT}

ENTRY = LogEntry(stage="initial_contact", on=date(2025, 1, 5), content="needs", method="visit")
CONTACTS = [
    date(2025, 1, 2),
    Contact(on=date(2025, 1, 3), kind=ContactKind.CALL),
    Contact(on=date(2025, 2, 14), kind=ContactKind.GREETING),
    Contact(on=date(2025, 3, 1), kind=ContactKind.LEADERSHIP_VISIT),
]
OCTOBER = BusinessCalendar(non_working_days={date(2025, 10, d) for d in range(1, 8)})

RESULTS: dict[str, Callable[[kr.Policy], BaseModel]] = {
    "visit_requirement": lambda p: visit_requirement("silver", "regional", policy=p),
    "visit_compliance": lambda p: visit_compliance(
        "gold", "comprehensive", CONTACTS, date(2025, 2, 1), policy=p
    ),
    "visit_year": lambda p: visit_year(
        "gold", "comprehensive", CONTACTS, 2025, as_of=date(2025, 3, 31), policy=p
    ),
    "archive_status": lambda p: kr.archive_status(
        "silver", [date(2025, 1, 10), date(2025, 3, 2)], date(2025, 7, 20), policy=p
    ),
    "archive_status_with_history": lambda p: kr.archive_status_with_history(
        {date(2025, 1, 1): "silver", date(2025, 5, 10): "gold"},
        [date(2025, 2, 1), date(2025, 6, 20)],
        date(2025, 7, 5),
        policy=p,
    ),
    "fluctuation": lambda p: fluctuation(3, 4, policy=p),
    "fluctuation_one_time": lambda p: fluctuation("1,000", 0, one_time=True, policy=p),
    "provincial_filing_list": lambda p: provincial_filing_list(
        {"a": 30000, "b": "24999.99", "c": 100, "d": 100},
        tiers=dict.fromkeys("abcd", "gold"),
        policy=p,
    ),
    "key_customers": lambda p: key_customers(
        {"a": 10, "b": 5, "c": 5}, {"a": "general", "b": "gold", "c": "general"}, policy=p
    ),
    "check_marketing_log": lambda p: check_marketing_log(
        "gold",
        "proposal",
        [ENTRY, LogEntry(stage="proposal", on=date(2025, 2, 1))],
        policy=p,
    ),
    "work_calendar": lambda p: work_calendar(
        date(2025, 10, 1), date(2025, 10, 31), business_days=OCTOBER, policy=p
    ),
    "year_calendar": lambda p: year_calendar(2025, policy=p),
}


def test_a_variant_policy_gives_a_different_fingerprint_and_answer() -> None:
    default, variant = (RESULTS["fluctuation"](p) for p in (DEFAULT, VARIANT))
    assert default.policy_fingerprint != variant.policy_fingerprint
    assert "> 12.5%" in str(variant.explanation)  # type: ignore[attr-defined]


def test_filing_key_sets_are_frozen_and_written_sorted() -> None:
    result = RESULTS["provincial_filing_list"](DEFAULT)
    assert isinstance(result.keys, frozenset)  # type: ignore[attr-defined]
    data = json.loads(result.model_dump_json())
    assert data["keys"] == sorted(data["keys"])
    assert data["by_rank"] == ["a", "b", "c", "d"]


# --- regressions (each failed before) ----------------------------------------------


@pytest.mark.parametrize("volume", ["1,5", "150000,00", "1,00,000", "１２"])
def test_a_decimal_comma_or_full_width_volume_is_rejected_not_misread(volume: str) -> None:
    # "1,5" used to read as 15 and "150000,00" as 15,000,000: commas were dropped anywhere.
    with pytest.raises(RuleInputError) as err:
        fluctuation(volume, 10)
    assert (err.value.field, err.value.rule) == ("previous", "FLUX-1")


def test_a_correctly_grouped_volume_is_read_with_its_thousands() -> None:
    assert fluctuation("1,234,567.5", 0).previous == Decimal("1234567.5")


def test_minus_zero_volume_is_zero_and_serialised_as_zero() -> None:
    result = fluctuation("-0", "-0.00")
    assert str(result.previous) == "0"
    assert not result.current.is_signed()
    assert '"-0' not in result.model_dump_json()


def test_numpy_scalars_are_volumes() -> None:
    np = pytest.importorskip("numpy")
    result = fluctuation(np.int64(200), np.float64(139.0))
    assert (result.previous, result.current, result.must_analyse) == (
        Decimal(200),
        Decimal("139.0"),
        True,
    )


def test_a_huge_volume_is_rejected_at_once() -> None:
    with pytest.raises(RuleInputError, match=r"^previous: must be below"):
        fluctuation(Decimal("1e999999"), 1)


def test_the_callers_decimal_context_does_not_change_fluctuation() -> None:
    expected = fluctuation(3, 4)
    with decimal.localcontext() as ctx:
        ctx.prec = 6
        ctx.traps[decimal.Inexact] = True
        ctx.traps[decimal.Rounded] = True
        assert fluctuation(3, 4) == expected
        two = {"a": "25000.00", "b": 1}
        tiers = dict.fromkeys(two, "gold")
        assert provincial_filing_list(two, tiers=tiers) == provincial_filing_list(two, tiers=tiers)


def test_fluctuation_change_is_computed_in_the_librarys_own_context() -> None:
    change = fluctuation(3, 4).change
    assert change is not None
    assert len(change.as_tuple().digits) == CONTEXT.prec


@pytest.mark.parametrize("flag", ["yes", 1, 0, None])
def test_one_time_must_be_true_or_false(flag: object) -> None:
    with pytest.raises(RuleInputError, match=r"^one_time: must be True or False"):
        fluctuation(1, 2, one_time=flag)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", [5, ["Li"]])
def test_a_named_person_that_is_not_text_is_a_clear_error(name: object) -> None:
    # It used to raise a raw AttributeError ('int' object has no attribute 'strip').
    with pytest.raises(RuleInputError) as err:
        check_marketing_log("gold", "initial_contact", [ENTRY], named_person=name)  # type: ignore[arg-type]
    assert (err.value.field, err.value.rule) == ("named_person", "LOG-4")


@pytest.mark.parametrize("year", [1, 9999])
def test_year_calendar_and_visit_year_share_one_calendar_year(year: int) -> None:
    # year_calendar(1) used to fail naming "start", visit_year(1) to succeed.
    for call in (
        lambda: year_calendar(year),
        lambda: visit_year("gold", "comprehensive", [], year),
    ):
        with pytest.raises(RuleInputError, match=r"^year: must be a calendar year"):
            call()


def test_a_business_calendar_holds_sorted_sets() -> None:
    data = json.loads(BusinessCalendar(weekend={6, 0, 5}).model_dump_json())
    assert data["weekend"] == [0, 5, 6]
