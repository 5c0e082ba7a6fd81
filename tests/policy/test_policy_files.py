"""Policy and case files that lie or attack: each refused with a clear error, at a bounded cost."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any

import pytest

import keyaccount_rules as kr
from keyaccount_rules.core.limits import MAX_PERIOD_COUNT, POLICY_DEPTH
from keyaccount_rules.policy import model
from keyaccount_rules.policy.merge import graft, graft_all, nesting_depth
from keyaccount_rules.policy.model import check_policy, edition_data, load_policy, parse_policy
from keyaccount_rules.policy.toml_text import toml_nesting
from keyaccount_rules.verification.cases import CaseFileError, load_case_file

TOO_DEEP = f"nested too deeply to be a policy (over {POLICY_DEPTH} levels)"


def refused(path: Path) -> str:
    with pytest.raises(kr.PolicyError) as caught:
        load_policy(path)
    return str(caught.value)


# ---------------------------------------------------------------- nesting


def test_a_dotted_key_deeper_than_any_policy_is_refused_before_tomllib(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "deep.toml"
    path.write_text('extends = "shantou"\n' + "a" + ".a" * 50_000 + " = 1\n", encoding="utf-8")

    def never(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("tomllib parsed a text already known to be too deep")

    monkeypatch.setattr(model.tomllib, "loads", never)
    assert f"not valid toml: {TOO_DEEP}" in refused(path)


@pytest.mark.parametrize(
    "text",
    ["x = " + "[" * 100_000, "x = " + "{a = " * 40 + "1" + "}" * 40],
    ids=["arrays", "inline-tables"],
)
def test_nested_arrays_and_inline_tables_are_refused(tmp_path: Path, text: str) -> None:
    path = tmp_path / "deep.toml"
    path.write_text(text, encoding="utf-8")
    assert TOO_DEEP in refused(path)


@pytest.mark.parametrize("depth", [POLICY_DEPTH + 1, 100_000])
def test_deep_json_is_refused_before_anything_walks_it(tmp_path: Path, depth: int) -> None:
    path = tmp_path / "deep.json"
    path.write_text('{"a": ' + "[" * depth + "]" * depth + "}", encoding="utf-8")
    assert TOO_DEEP in refused(path)


def test_the_depth_bounds_hold_on_the_bound_and_refuse_one_more() -> None:
    assert toml_nesting("a" + ".a" * POLICY_DEPTH + " = 1", POLICY_DEPTH) == POLICY_DEPTH
    assert toml_nesting("a" + ".a" * (POLICY_DEPTH + 1) + " = 1", POLICY_DEPTH) == POLICY_DEPTH + 1
    assert toml_nesting('x = "a.b.c.d.e" # [[[[.\n', 2) == 0
    nested: Any = 1
    for _ in range(POLICY_DEPTH):
        nested = [nested]
    assert nesting_depth(nested, POLICY_DEPTH) == POLICY_DEPTH
    assert nesting_depth([nested], POLICY_DEPTH) == POLICY_DEPTH + 1


def test_a_json_policy_naming_a_key_twice_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "twice.json"
    path.write_text('{"extends": "shantou", "name": "a", "name": "b"}', encoding="utf-8")
    assert "not valid json: the key 'name' is given twice in one object" in refused(path)


# ---------------------------------------------------------------- include and extends


def test_include_copies_the_base_once_however_many_paths_it_names(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    base = edition_data("shantou")
    grafts = [("visits.note", str(i)) for i in range(200)]
    calls = []
    deepcopy = copy.deepcopy

    def counted(value: Any, memo: Any = None) -> Any:
        calls.append(1)
        return deepcopy(value, memo)

    monkeypatch.setattr(copy, "deepcopy", counted)
    merged = graft_all(base, grafts)
    assert len(calls) == len(grafts) + 1
    monkeypatch.setattr(copy, "deepcopy", deepcopy)
    expected = base
    for path, value in grafts:
        expected = graft(expected, path, value)
    assert merged == expected


def test_an_include_path_deeper_than_any_policy_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    deep = "pay" + ".x" * POLICY_DEPTH
    path.write_text(f'extends = "shantou"\ninclude = {{ liangshan = ["{deep}"] }}\n', "utf-8")
    assert "is deeper than any policy (32 levels)" in refused(path)


def test_a_symlink_loop_in_extends_is_a_clear_error(tmp_path: Path) -> None:
    os.symlink(tmp_path / "b.toml", tmp_path / "a.toml")
    os.symlink(tmp_path / "a.toml", tmp_path / "b.toml")
    path = tmp_path / "p.toml"
    path.write_text('extends = "a.toml"\n', encoding="utf-8")
    message = refused(path)
    assert "extends: cannot read 'a.toml'" in message
    assert "Traceback" not in message


def test_a_nul_byte_in_extends_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text('extends = "a\\u0000.toml"\n', encoding="utf-8")
    assert "extends: cannot read 'a\\x00.toml' (embedded null byte)" in refused(path)


def test_policy_data_may_extend_an_edition_but_never_a_file(tmp_path: Path) -> None:
    other = tmp_path / "other.toml"
    other.write_text('extends = "shantou"\n', encoding="utf-8")
    for target in (str(other), "../../etc/passwd.toml"):
        problems = [str(p) for p in check_policy({"extends": target})]
        assert problems == [
            f"extends: policy data may extend an edition only, not a file (got {target!r}); "
            "read the file with load_policy"
        ]
        with pytest.raises(kr.PolicyError, match="may extend an edition only"):
            parse_policy({"extends": target})
    assert check_policy({"extends": "shantou"}) == []
    assert load_policy(other).name == "other"  # from a file, a file may still be extended


# ---------------------------------------------------------------- what a file may be


def test_a_device_as_a_policy_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    assert "/dev/zero: not a regular file" in refused(Path("/dev/zero"))
    cases = tmp_path / "cases.toml"
    cases.write_text(
        'policy = "/dev/zero"\n[[case]]\nname = "x"\nfunction = "grade"\n'
        "input = { annual_revenue = 1, bureau_annual_revenue = 10 }\noutput = {}\n",
        encoding="utf-8",
    )
    with pytest.raises(CaseFileError, match="/dev/zero: not a regular file"):
        load_case_file(cases)


def test_a_policy_file_over_the_size_cap_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(model, "POLICY_FILE_BYTES", 30)
    path = tmp_path / "p.toml"
    path.write_text('extends = "shantou"\n', encoding="utf-8")  # 20 bytes: read
    assert load_policy(path).name == "p"
    path.write_text('extends = "shantou"\nname = "bureau"\n', encoding="utf-8")
    assert "larger than 30 bytes: not a policy file" in refused(path)


# ---------------------------------------------------------------- period counts


def _with_months_after(value: int) -> dict[str, Any]:
    data = edition_data("combined")
    data["schedules"]["calendar"]["duties"][2]["months_after"] = value
    return data


def test_a_huge_months_after_is_refused_at_policy_check_naming_the_field() -> None:
    assert check_policy(_with_months_after(MAX_PERIOD_COUNT)) == []
    (problem,) = check_policy(_with_months_after(MAX_PERIOD_COUNT + 1))
    assert problem.path == "schedules.calendar.duties.2.months_after"
    assert "1200" in problem.problem


def test_a_huge_months_after_in_a_file_fails_policy_check_not_the_agenda(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from keyaccount_rules.io import cli

    path = tmp_path / "p.json"
    path.write_text(json.dumps(_with_months_after(10**9), default=str), encoding="utf-8")
    assert cli.main(["policy", "check", str(path)]) == 1
    assert (
        "schedules.calendar.duties.2.months_after: Input should be less than or equal to 1200"
        in capsys.readouterr().out
    )


def test_a_case_file_that_is_a_device_or_too_deep_is_a_case_file_error(tmp_path: Path) -> None:
    with pytest.raises(CaseFileError, match="/dev/zero: not a regular file"):
        load_case_file("/dev/zero")
    deep = tmp_path / "deep.toml"
    deep.write_text("[[case]]\ninput = " + "[" * 50_000 + "\n", encoding="utf-8")
    with pytest.raises(CaseFileError, match=r"nested too deeply \(over 32 levels\)"):
        load_case_file(deep)
