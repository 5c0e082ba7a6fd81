"""The GRADE-1..4 rule in other engines (zen-engine, OpenFisca), built from the same policy.

Imported only by benchmarks/run.py when the ``bench`` extra is installed. Each builder takes
the policy's grading section and returns a function revenue (yuan, float) → tier code.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from itertools import pairwise
from typing import Any

from keyaccount_rules.policy import GradingPolicy


def _table(node_id: str, field: str, out: str, rows: list[tuple[str, str]]) -> dict[str, Any]:
    return {
        "id": node_id,
        "type": "decisionTableNode",
        "name": node_id,
        "position": {"x": 0, "y": 0},
        "content": {
            "hitPolicy": "first",
            "passThrough": True,
            "inputs": [{"id": "i", "name": field, "field": field}],
            "outputs": [{"id": "o", "name": out, "field": out}],
            "rules": [{"_id": f"{node_id}{n}", "i": test, "o": value}
                      for n, (test, value) in enumerate(rows)],
        },
    }  # fmt: skip


def zen_grader(grading: GradingPolicy, bureau: float) -> Callable[[float], str]:
    """GRADE-1..4 as a GoRules JDM graph, evaluated by zen-engine with tracing on."""
    import zen  # type: ignore[import-not-found]  # the bench extra

    revenue = [(f">= {b.min}", str(b.points)) for b in grading.revenue.bands]
    revenue.append(("", str(grading.revenue.below_points)))
    share = [(f">= {b.min}", str(b.points)) for b in grading.share.bands]
    share.append(("", str(grading.share.below_points)))
    w = grading.weights
    tiers = [(f">= {cutoff}", json.dumps(tier.value)) for tier, cutoff in grading.tiers.ordered()]
    tiers.append(("", '"general"'))
    nodes = [
        {"id": "in", "type": "inputNode", "name": "in", "position": {"x": 0, "y": 0}},
        _table("revenue", "revenue", "revenue_points", revenue),
        {
            "id": "ratio",
            "type": "expressionNode",
            "name": "ratio",
            "position": {"x": 0, "y": 0},
            "content": {
                "passThrough": True,
                "expressions": [{"id": "e", "key": "share", "value": "revenue / bureau"}],
            },
        },
        _table("share", "share", "share_points", share),
        {
            "id": "score",
            "type": "expressionNode",
            "name": "score",
            "position": {"x": 0, "y": 0},
            "content": {
                "passThrough": True,
                "expressions": [
                    {
                        "id": "s",
                        "key": "score",
                        "value": f"{w.revenue} * revenue_points + {w.share} * share_points",
                    }
                ],
            },
        },
        _table("tier", "score", "tier", tiers),
        {"id": "out", "type": "outputNode", "name": "out", "position": {"x": 0, "y": 0}},
    ]
    order = ["in", "revenue", "ratio", "share", "score", "tier", "out"]
    edges = [
        {"id": f"e{i}", "type": "edge", "sourceId": a, "targetId": b}
        for i, (a, b) in enumerate(pairwise(order))
    ]
    decision = zen.ZenEngine().create_decision(json.dumps({"nodes": nodes, "edges": edges}))
    options = {"trace": True}

    def grade(revenue_yuan: float) -> str:
        result = decision.evaluate({"revenue": revenue_yuan, "bureau": bureau}, options)
        return str(result["result"]["tier"])

    return grade


def openfisca_grader(grading: GradingPolicy, bureau: float) -> Callable[[list[float]], list[str]]:
    """GRADE-1..4 as OpenFisca variables with bracket-scale parameters (vectorised, float32)."""
    import numpy
    from openfisca_core import periods
    from openfisca_core.entities import build_entity
    from openfisca_core.parameters import ParameterNode
    from openfisca_core.simulations import SimulationBuilder
    from openfisca_core.taxbenefitsystems import TaxBenefitSystem
    from openfisca_core.variables import Variable

    customer = build_entity(key="customer", plural="customers", label="customer", is_person=True)

    def scale(bands: Any, below: int) -> dict[str, Any]:
        brackets = [{"threshold": {"2020-01-01": 0}, "amount": {"2020-01-01": below}}]
        for band in reversed(bands):
            brackets.append(
                {
                    "threshold": {"2020-01-01": float(band.min)},
                    "amount": {"2020-01-01": band.points},
                }
            )
        return {"metadata": {"type": "single_amount"}, "brackets": brackets}

    class revenue(Variable):  # noqa: N801  # OpenFisca names variables in lower case
        value_type = float
        entity = customer
        definition_period = periods.YEAR

    class bureau_revenue(Variable):  # noqa: N801
        value_type = float
        entity = customer
        definition_period = periods.YEAR

    class score(Variable):  # noqa: N801
        value_type = float
        entity = customer
        definition_period = periods.YEAR

        def formula(person: Any, period: Any, parameters: Any) -> Any:  # noqa: N805  # OpenFisca's signature
            p = parameters(period).grading
            r = person("revenue", period)
            s = r / person("bureau_revenue", period)
            return float(grading.weights.revenue) * p.revenue.calc(r) + float(
                grading.weights.share
            ) * p.share.calc(s)

    class GradingSystem(TaxBenefitSystem):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__([customer])
            self.add_variables(revenue, bureau_revenue, score)
            self.parameters = ParameterNode(
                "",
                data={
                    "grading": {
                        "revenue": scale(grading.revenue.bands, grading.revenue.below_points),
                        "share": scale(grading.share.bands, grading.share.below_points),
                    }
                },
            )

    system = GradingSystem()
    cutoffs = [(float(cutoff), tier.value) for tier, cutoff in grading.tiers.ordered()]

    def grade(revenues: list[float]) -> list[str]:
        simulation = SimulationBuilder().build_default_simulation(system, len(revenues))
        simulation.set_input("revenue", "2026", numpy.array(revenues))
        simulation.set_input("bureau_revenue", "2026", numpy.full(len(revenues), bureau))
        scores = simulation.calculate("score", "2026")
        return [next((t for c, t in cutoffs if s >= c), "general") for s in scores.tolist()]

    return grade
