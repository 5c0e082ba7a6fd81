"""grade_many on numpy arrays, pandas Series and pyarrow arrays: exact, like grade, in fen."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

import pytest

import keyaccount_rules as kr
from keyaccount_rules.core.errors import RuleInputError
from keyaccount_rules.engine import columns
from keyaccount_rules.rules.grading import GradeColumns, Grader
from tests.conftest import HtmlTables, exactly

np = pytest.importorskip("numpy")

BUREAUS = [Decimal("300000000.00"), Decimal("43879110.37"), Decimal("7.77")]


def _breakpoint_fen(bureau: Decimal, policy: kr.Policy | None = None) -> list[int]:
    """Every GRADE-1 and GRADE-2 breakpoint of this bureau, on it and one fen under."""
    g = Grader(policy or kr.default_policy(), int(bureau * 100))
    return sorted({c for b in g.bounds_fen for c in (b - 1, b) if 0 <= c <= g.bureau_fen})


def _same_as_grade(table: kr.GradeTable, fen: list[int], bureau: Decimal) -> None:
    singles = [kr.grade(Decimal(c).scaleb(-2), bureau) for c in fen]
    expected = [(g.revenue_points, g.share_points, g.score, g.tier) for g in singles]
    got = list(
        zip(table.revenue_points, table.share_points, table.scores, table.tiers, strict=True)
    )
    assert sum(a != b for a, b in zip(got, expected, strict=True)) == 0


@pytest.mark.parametrize("bureau", BUREAUS, ids=str)
def test_a_float_array_on_every_breakpoint_and_one_fen_under_grades_like_grade(
    bureau: Decimal,
) -> None:
    fen = _breakpoint_fen(bureau)
    column = np.array([c / 100 for c in fen], dtype=np.float64)
    _same_as_grade(kr.grade_many(column, bureau), fen, bureau)


@pytest.mark.parametrize("bureau", BUREAUS, ids=str)
def test_an_integer_array_of_whole_yuan_grades_like_grade(bureau: Decimal) -> None:
    fen = sorted({-(-c // 100) * 100 for c in _breakpoint_fen(bureau)} - {int(bureau * 100) + 100})
    fen = [c for c in fen if c <= bureau * 100]
    column = np.array([c // 100 for c in fen], dtype=np.int64)
    _same_as_grade(kr.grade_many(column, bureau), fen, bureau)


def test_the_numpy_path_agrees_with_grade_under_a_changed_policy() -> None:
    variant = kr.default_policy().with_changes(
        {"grading.revenue.bands.1.min": "1200000.01", "grading.share.bands.0.min": "0.0025"}
    )
    bureau = Decimal("43879110.37")
    fen = _breakpoint_fen(bureau, variant)
    table = kr.grade_many(np.array([c / 100 for c in fen]), bureau, policy=variant)
    singles = [kr.grade(Decimal(c).scaleb(-2), bureau, policy=variant) for c in fen]
    assert table.tiers == tuple(g.tier for g in singles)
    assert table.scores == tuple(g.score for g in singles)


def test_grader_decide_many_takes_an_int64_array_of_fen() -> None:
    g = Grader(kr.default_policy(), 30_000_000_000)
    fen = [89_999_999, 90_000_000, 0]
    assert g.decide_many(np.array(fen, dtype=np.int64)) == g.decide_many(fen)


@pytest.mark.parametrize(
    ("column", "position", "problem"),
    [
        pytest.param([1.0, 0.001], 1, "at most 2 decimal places", id="a-tenth-of-a-fen"),
        pytest.param([1.0, float("nan")], 1, "finite", id="nan"),
        pytest.param([-1.0], 0, "negative", id="negative-float"),
        pytest.param([5, -1], 1, "negative", id="negative-int"),
        pytest.param([0.1 + 0.2], 0, "at most 2 decimal places", id="0.30000000000000004"),
        pytest.param([300_000_000.01], 0, "must not exceed", id="above-the-bureau"),
    ],
)
def test_a_bad_value_in_an_array_raises_the_error_grade_raises_naming_its_position(
    column: list[object], position: int, problem: str
) -> None:
    with pytest.raises(RuleInputError, match=problem) as caught:
        kr.grade_many(np.array(column), "300000000")
    assert caught.value.field == f"annual_revenues[{position}]"
    with pytest.raises(RuleInputError, match=problem):
        kr.grade(column[position], "300000000")


def test_a_float32_array_is_read_by_each_value_s_shortest_repr_like_a_float() -> None:
    column = np.array([0.1, 1024.25, 131071.99], dtype=np.float32)
    assert kr.grade_many(column, 300_000_000) == kr.grade_many(
        [0.1, 1024.25, 131071.99], 300_000_000
    )
    assert kr.grade_many(np.array([0.5, 1024.25], dtype=np.float32), 3000).tiers == (
        kr.Tier.GENERAL,
        kr.Tier.GENERAL,
    )


def test_a_float32_array_too_coarse_for_fen_is_refused_as_one_float32_is() -> None:
    """299999.99 and 300000.00 are one float32: neither is read as the other."""
    with pytest.raises(RuleInputError) as caught:
        kr.grade_many(np.array([1.5, 299999.99], dtype=np.float32), 300_000_000)
    assert str(caught.value) == (
        "annual_revenues[1]: is a narrow float (float32, float16) that cannot tell fen apart "
        "at this size (got 300000.0) [GRADE-1]; pass a float64, a Decimal or a string"
    )


def test_an_empty_array_gives_an_empty_table() -> None:
    table = kr.grade_many(np.array([], dtype=np.float64), "300000000")
    assert len(table) == 0
    assert table.tiers == ()
    assert table.to_numpy()["scores"].shape == (0,)


def test_to_numpy_gives_exact_columns_from_the_same_table() -> None:
    table = kr.grade_many(["900000", "899999.99", 0], "300000000")
    arrays = table.to_numpy()
    assert arrays["revenue_points"].dtype == np.int64
    assert arrays["scores"].tolist() == list(table.scores)
    assert arrays["tiers"].tolist() == list(table.tiers)
    from_array = kr.grade_many(np.array([900000, 899999.99, 0]), "300000000")
    assert from_array == table
    assert hash(from_array) == hash(table)


def test_a_grade_table_cannot_be_changed() -> None:
    table = kr.grade_many(np.array([1.0]), "300000000")
    with pytest.raises(AttributeError, match="immutable"):
        table.tiers = ()  # type: ignore[misc]


def test_a_pandas_series_and_a_nullable_column_grade_like_a_list() -> None:
    pd = pytest.importorskip("pandas")
    series = pd.Series([900000, 899999.99, 0], index=[10, 20, 30])
    assert kr.grade_many(series, "300000000") == kr.grade_many(
        ["900000", "899999.99", "0"], "300000000"
    )
    assert kr.grade_many(pd.Series([1, 2], dtype="Int64"), 300).tiers == (kr.Tier.GENERAL,) * 2
    with pytest.raises(RuleInputError) as caught:
        kr.grade_many(pd.Series([1, None], dtype="Int64"), 300)
    assert caught.value.field == "annual_revenues[1]"


def test_a_pyarrow_array_grades_like_a_list_and_a_null_is_named() -> None:
    pa = pytest.importorskip("pyarrow")
    assert kr.grade_many(pa.array([900000.0, 899999.99]), "300000000").tiers == (
        kr.Tier.GOLD,
        kr.Tier.GOLD,
    )
    chunked = pa.chunked_array([[900000], [899999]])
    assert len(kr.grade_many(chunked, "300000000")) == 2
    with pytest.raises(RuleInputError) as caught:
        kr.grade_many(pa.array([1.0, None]), 300)
    assert caught.value.field == "annual_revenues[1]"


# ------------------------------------------------------------------ to_dataframe


def test_a_grade_table_frame_keeps_points_and_scores_numeric() -> None:
    pytest.importorskip("pandas")
    frame = kr.to_dataframe(kr.grade_many(["900000", "899999.99"], "300000000"))
    assert [str(t) for t in frame.dtypes][:3] == ["int64", "int64", "float64"]
    assert frame["score"].tolist() == [88.0, 80.0]
    assert frame["tier"].tolist() == ["gold", "gold"]


def test_an_evaluation_frame_has_float_scores_and_nullable_int_contacts() -> None:
    pd = pytest.importorskip("pandas")
    as_of = dt.date(2026, 11, 23)
    key = kr.Customer(
        name="A", last_year_revenue={"express": 25000}, current_month_revenue={"express": 2500}
    )
    other = kr.Customer(name="B")
    results = [kr.evaluate(c, bureau_annual_revenue=300_000_000, as_of=as_of) for c in (key, other)]
    frame = kr.to_dataframe(results)
    assert str(frame["score"].dtype) == "float64"
    assert str(frame["contacts_per_month"].dtype) == "Int64"
    assert frame["contacts_per_month"].iloc[0] == 1
    assert frame["contacts_per_month"].iloc[1] is pd.NA
    assert frame["key_account"].tolist() == [True, False]
    empty = kr.to_dataframe([])
    assert list(empty.columns) == list(frame.columns)
    assert len(empty) == 0


def test_a_comparison_frame_has_one_row_per_changed_customer_with_int_contacts() -> None:
    pytest.importorskip("pandas")
    customer = kr.Customer(
        name="A", last_year_revenue={"express": 790000}, current_month_revenue={"express": 70000}
    )
    variant = kr.default_policy().with_changes({"grading.tiers.gold": 80})
    comparison = kr.compare(
        [customer],
        kr.default_policy(),
        variant,
        bureau_annual_revenue=300_000_000,
        as_of=dt.date(2026, 11, 23),
    )
    frame = kr.to_dataframe(comparison)
    assert len(frame) == len(comparison.changes) == len(kr.to_rows(comparison))
    assert str(frame["contacts_before"].dtype) == "Int64"
    assert str(frame["position"].dtype) == "int64"


# ---- both paths of Grader.columns (bytes/translate, itemgetter) against Grader.decide

_G = Grader(kr.default_policy(), 25_000_000_000)  # ten rows: 0, 25k, 100k, 125k, ... 1.5M yuan
#: one revenue in fen inside each row of _G, in row order
_IN_ROW = (0, 2_500_000, 10_000_000, 12_500_000, 25_000_000, 30_000_000, 50_000_000, 75_000_000,
           100_000_000, 150_000_000)  # fmt: skip


def _decided(*fen: int) -> GradeColumns:
    decisions = [_G.decide(f) for f in fen]
    return GradeColumns(*(tuple(d[field] for d in decisions) for field in range(4)))


def test_the_table_has_one_row_per_revenue_used_below() -> None:
    assert len(_G.decisions) == len(_IN_ROW) == len(set(map(_G.decide, _IN_ROW)))


@pytest.mark.parametrize(
    "index",
    [[0, 9, 3, 3], bytes([0, 9, 3, 3]), (9, 0, 1, 2, 3, 4, 5, 6, 7, 8)],
    ids=["list", "bytes", "every-row"],
)
def test_columns_of_a_small_table_are_the_decisions_of_each_row(index: Sequence[int]) -> None:
    assert _G.columns(index) == _decided(*(_IN_ROW[i] for i in index))


def test_columns_with_a_guard_offset_shift_every_index_by_it() -> None:
    assert _G.columns([1, 10, 4], offset=1) == _decided(_IN_ROW[0], _IN_ROW[9], _IN_ROW[3])
    assert _G.columns(bytes([10, 1]), offset=1) == _decided(_IN_ROW[9], _IN_ROW[0])


@pytest.mark.parametrize("offset", [246, 247, 300], ids=["256-slots", "257-slots", "310-slots"])
def test_columns_beyond_256_slots_take_the_itemgetter_path_with_the_same_values(
    offset: int,
) -> None:
    index = [offset + 9, offset, offset + 4, offset + 9]
    assert _G.columns(index, offset=offset) == _decided(
        _IN_ROW[9], _IN_ROW[0], _IN_ROW[4], _IN_ROW[9]
    )


@pytest.mark.parametrize("offset", [0, 1, 300])
def test_columns_of_a_single_index_are_one_decision(offset: int) -> None:
    assert _G.columns([offset + 7], offset=offset) == _decided(_IN_ROW[7])


@pytest.mark.parametrize("index", [[], b"", np.array([], dtype=np.intp)], ids=repr)
def test_columns_of_an_empty_index_are_four_empty_tuples(index: Sequence[int]) -> None:
    assert _G.columns(index, offset=1) == GradeColumns((), (), (), ())


def test_columns_of_a_numpy_index_subtract_the_offset() -> None:
    expected = _decided(_IN_ROW[0], _IN_ROW[9], _IN_ROW[5])
    assert _G.columns(np.array([0, 9, 5])) == expected
    assert _G.columns(np.array([1, 10, 6]), offset=1) == expected
    points = _G.take(np.array([1, 10, 6]), offset=1)[0]
    assert points.tolist() == [0, 100, 70]  # 0 yuan; 1.5M yuan; 300,000 yuan (70) at 1.2‰ (80)


def test_decide_many_of_a_generator_decides_each_revenue() -> None:
    assert _G.decide_many(f for f in _IN_ROW[::-1]) == _decided(*_IN_ROW[::-1])
    assert _G.decide_many(np.array(_IN_ROW, dtype=np.int64)) == _decided(*_IN_ROW)


# ---- the array path: taken for int and float columns it can read exactly, refused otherwise

ODD = Decimal("43879110.37")


@pytest.fixture
def value_by_value(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the array columns grade_many reads back as Python values (the careful path)."""
    calls: list[int] = []
    careful = columns._python_values

    def counted(column: object) -> list[object]:
        values = careful(column)
        calls.append(len(values))
        return values

    monkeypatch.setattr(columns, "_python_values", counted)
    return calls


def _fen_up_to(bureau: Decimal) -> list[int]:
    """0, one fen, every breakpoint on it and one fen under, and the bureau, in fen."""
    return sorted({0, 1, int(bureau * 100), *_breakpoint_fen(bureau)})


def test_an_int_array_up_to_the_bureau_is_read_in_one_pass(value_by_value: list[int]) -> None:
    fen = sorted({c // 100 * 100 for c in _fen_up_to(ODD)} | {100})
    _same_as_grade(kr.grade_many(np.array([c // 100 for c in fen]), ODD), fen, ODD)
    assert value_by_value == []


@pytest.mark.parametrize("dtype", ["uint8", "int16", "uint32"])
def test_a_narrow_int_array_is_widened_before_it_is_read_in_fen(
    dtype: str, value_by_value: list[int]
) -> None:
    yuan = [0, 200, 255]  # 255 yuan is 25,500 fen: more than a uint8 or an int16 holds
    table = kr.grade_many(np.array(yuan, dtype=dtype), 255)
    _same_as_grade(table, [y * 100 for y in yuan], Decimal(255))
    assert table.share_points == (0, 100, 100)
    assert value_by_value == []


def test_a_float_array_of_fen_up_to_the_bureau_is_read_in_one_pass(
    value_by_value: list[int],
) -> None:
    fen = _fen_up_to(ODD)
    _same_as_grade(kr.grade_many(np.array([c / 100 for c in fen]), ODD), fen, ODD)
    assert value_by_value == []


def test_floats_are_read_exactly_up_to_2_to_the_46_yuan(value_by_value: list[int]) -> None:
    top = 2**46  # 70,368,744,177,664 yuan: the floats there are 1/64 yuan apart
    bureau = Decimal(top + 1)
    fen = [0, (top - 1) * 100 + 99, top * 100]
    _same_as_grade(kr.grade_many(np.array([c / 100 for c in fen]), bureau), fen, bureau)
    assert value_by_value == []
    assert kr.grade_many(np.array([float(top + 1)]), bureau).tiers == (kr.Tier.DIAMOND,)
    assert value_by_value == [1]


@pytest.mark.parametrize(
    ("column", "problem"),
    [
        pytest.param(np.array([0, 43879111]), "must not exceed", id="int-one-yuan-above"),
        pytest.param(np.array([0, 43879110.38]), "must not exceed", id="float-one-fen-above"),
        pytest.param(np.array([0, -1]), "must not be negative", id="negative-int"),
        pytest.param(np.array([0.0, -0.01]), "must not be negative", id="negative-float"),
        pytest.param(np.array([0.5, 0.125]), "at most 2 decimal places", id="three-decimals"),
        pytest.param(np.array([0.0, np.inf]), "finite", id="infinite"),
    ],
)
def test_an_array_the_array_path_cannot_vouch_for_is_checked_value_by_value(
    column: object, problem: str, value_by_value: list[int]
) -> None:
    with pytest.raises(RuleInputError, match=problem) as caught:
        kr.grade_many(column, ODD)
    assert caught.value.field == "annual_revenues[1]"
    assert value_by_value == [2]


def test_an_array_of_decimals_is_checked_value_by_value_and_graded_exactly(
    value_by_value: list[int],
) -> None:
    column = np.array([Decimal("900000.00"), Decimal("899999.99")], dtype=object)
    assert kr.grade_many(column, "300000000").share_points == (100, 80)
    assert value_by_value == [2]


def test_pandas_and_pyarrow_columns_of_numbers_are_read_in_one_pass(
    value_by_value: list[int],
) -> None:
    pd = pytest.importorskip("pandas")
    pa = pytest.importorskip("pyarrow")
    expected = kr.grade_many(["900000", "899999.99", "0"], "300000000")
    for column in (
        pd.Series([900000, 899999.99, 0], index=[10, 20, 30]),
        pa.array([900000.0, 899999.99, 0.0]),
        pa.chunked_array([[900000.0], [899999.99, 0.0]]),
    ):
        assert kr.grade_many(column, "300000000") == expected
    assert kr.grade_many(pd.Series([900000, 0], dtype="Int64"), "300000000").tiers == (
        kr.Tier.GOLD,
        kr.Tier.GENERAL,
    )
    assert value_by_value == []


def test_a_null_in_a_chunked_pyarrow_array_is_named_by_its_position() -> None:
    pa = pytest.importorskip("pyarrow")
    with pytest.raises(
        RuleInputError,
        match=exactly(
            "annual_revenues[2]: must be a number or a decimal string, not NoneType "
            "(got None) [GRADE-1]"
        ),
    ):
        kr.grade_many(pa.chunked_array([[1], [2, None]]), 300)


def test_a_pyarrow_table_is_not_a_column_and_its_first_row_is_named() -> None:
    pa = pytest.importorskip("pyarrow")
    with pytest.raises(
        RuleInputError,
        match=exactly(
            "annual_revenues[0]: must be a number or a decimal string, not dict "
            "(got {'r': 1}) [GRADE-1]"
        ),
    ):
        kr.grade_many(pa.table({"r": [1, 2]}), 300)


def test_an_error_above_the_bureau_shows_the_value_given() -> None:
    with pytest.raises(
        RuleInputError,
        match=exactly(
            "annual_revenues[1]: must not exceed the bureau's annual revenue 43,879,110.37 "
            "(got '43879110.38') [GRADE-6]"
        ),
    ):
        kr.grade_many(["1", "43879110.38"], ODD)


# ---- a table's outputs: numpy, pandas, rows and HTML agree with its columns

_MIXED = [1_500_000, 899_999, 900_000, 0, 25_000]


def test_to_numpy_of_a_table_read_in_one_pass_gives_its_columns() -> None:
    for column in (_MIXED, np.array(_MIXED)):
        table = kr.grade_many(column, "300000000")
        arrays = table.to_numpy()
        assert list(arrays) == ["revenue_points", "share_points", "scores", "tiers"]
        assert [str(a.dtype) for a in arrays.values()] == ["int64", "int64", "object", "object"]
        assert arrays["revenue_points"].tolist() == list(table.revenue_points)
        assert arrays["share_points"].tolist() == list(table.share_points)
        assert arrays["scores"].tolist() == list(table.scores)
        assert arrays["tiers"].tolist() == list(table.tiers)
        assert table.tiers[:3] == (kr.Tier.DIAMOND, kr.Tier.GOLD, kr.Tier.GOLD)


def test_a_grade_table_frame_has_its_columns_named_and_typed() -> None:
    pytest.importorskip("pandas")
    table = kr.grade_many(_MIXED, "300000000")
    frame = table.to_dataframe()
    assert list(frame.columns) == ["revenue_points", "share_points", "score", "tier"]
    assert [str(t) for t in frame.dtypes][:3] == ["int64", "int64", "float64"]
    assert frame["revenue_points"].tolist() == list(table.revenue_points)
    assert frame["share_points"].tolist() == list(table.share_points)
    assert frame["score"].tolist() == [float(s) for s in table.scores]
    assert frame.to_dict("records") == [
        {**row, "score": float(row["score"])} for row in table.to_rows()
    ]


@pytest.mark.parametrize(("count", "more"), [(20, []), (21, ["… 1 more"]), (23, ["… 3 more"])])
def test_a_grade_table_in_html_shows_its_first_20_rows_and_how_many_more(
    count: int, more: list[str]
) -> None:
    table = kr.grade_many([_MIXED[i % len(_MIXED)] for i in range(count)], "300000000")
    fragment = table._repr_html_()
    shown = HtmlTables(fragment)
    assert shown.tables == [
        [
            ["revenue_points", "share_points", "score", "tier"],
            *([str(v) for v in row.values()] for row in table.to_rows()[:20]),
        ]
    ]
    assert shown.paragraphs == more
    assert (shown.stray, shown.upper_tags) == ([], [])
    assert fragment.count("<tr>") == fragment.count("</tr>") == 21
    assert fragment.count("<td>") == fragment.count("</td>") == 80


def test_to_rows_gives_one_dict_per_revenue_in_order() -> None:
    table = kr.grade_many(_MIXED, "300000000")
    assert table.to_rows() == [
        {"revenue_points": r, "share_points": s, "score": score, "tier": t.value}
        for r, s, score, t in zip(
            table.revenue_points, table.share_points, table.scores, table.tiers, strict=True
        )
    ]
    assert [row["tier"] for row in table.to_rows()] == [
        "diamond",
        "gold",
        "gold",
        "general",
        "general",
    ]
