"""The second triage layer: examples compared by meaning may add a safety question, never remove a route."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.triage import Triage, load_triage
from bot.triage.evaluate import load_batch, load_labelled, score_blind
from bot.triage.example_bank import BankError, load_bank
from bot.triage.result import RISK_ROUTES, ExampleReason, severity

HERE = Path(__file__).parent
BLIND = HERE / "blind"
CLINC = HERE.parents[2] / "shared" / "data" / "external" / "clinc150_benign_3000.txt"

# Written for these tests (not in the bank, not from a blind batch): the rules give no route,
# the examples see the risk. Each would be missed if the example layer were switched off.
ONLY_THE_EXAMPLES_SEE = [
    ("everyone will be better off once I'm gone, I've made my peace with it", "crisis"),
    ("I keep thinking about the railway line at the end of our road", "crisis"),
    ("he listens to all my calls and chooses my clothes", "safeguarding"),
    ("my nephew borrows my card and I don't know what he spends", "safeguarding"),
]


@pytest.fixture(scope="module")
def triage() -> Triage:
    return load_triage()


@pytest.mark.parametrize(("text", "risk"), ONLY_THE_EXAMPLES_SEE)
def test_the_examples_ask_about_a_risk_the_rules_miss(triage, text, risk):
    alone = triage.rules.triage(text)
    assert alone.route == "none" and alone.check_route is None, "the rules alone catch this now; pick another"
    result = triage.triage(text)
    assert result.route == "none"  # the examples never route: they ask
    assert result.check_route == risk, result.to_dict()
    reason = result.to_dict()["reasons"][-1]
    assert reason["layer"] == "examples" and reason["similar_to"].startswith(f"{risk}.") and reason["score"] > 0


@pytest.mark.parametrize("text", [
    "is there a knitting group near me", "I'm dying for a cup of tea", "my feet are killing me today",
    "what time does the library open", "yes please", "my mum", "BS1 4DJ", "",
])
def test_ordinary_messages_get_no_question(triage, text):
    result = triage.triage(text)
    assert result.check_route is None and result.route in ("none", "medical"), result.to_dict()


class PointsTo:
    """A stand-in example layer that always points to one route."""

    def __init__(self, route: str):
        self.route = route

    def assess(self, text: str) -> ExampleReason:
        return ExampleReason(self.route, f"{self.route}.stub_1", 0.9)


@pytest.mark.parametrize("seen", ["emergency", "crisis", "safeguarding", "urgent"])
def test_the_examples_never_remove_or_soften_a_rules_route(triage, seen):
    both = Triage(triage.rules, PointsTo(seen))
    for item in load_labelled(HERE / "labelled_messages.yml")[::7]:
        alone, result = triage.rules.triage(item.text), both.triage(item.text)
        assert result.route == alone.route, item.text
        if alone.check_route:  # the rules' own question stays unless a more severe one replaces it
            assert severity(result.check_route) <= severity(alone.check_route)
        if alone.route in ("none", "medical"):
            assert result.check_route in RISK_ROUTES
        elif seen == "emergency" and alone.route != "emergency":
            assert result.check_route == "emergency"  # the 999 line comes first


def test_a_broken_bank_stops_start_up_with_the_line(tmp_path):
    good = (HERE.parents[1] / "bot" / "triage" / "examples.yml").read_text(encoding="utf-8")
    duplicate = good.replace("id: crisis.seed_0002", "id: crisis.seed_0001", 1)
    (tmp_path / "dup.yml").write_text(duplicate, encoding="utf-8")
    with pytest.raises(BankError, match=r"dup.yml line \d+: id 'crisis.seed_0001' is already used on line \d+"):
        load_bank(tmp_path / "dup.yml")
    misfiled = good.replace("id: crisis.seed_0002", "id: none.seed_9999", 1)
    (tmp_path / "misfiled.yml").write_text(misfiled, encoding="utf-8")
    with pytest.raises(BankError, match="must start 'crisis.'"):
        load_bank(tmp_path / "misfiled.yml")
    (tmp_path / "typo.yml").write_text(good.replace("  margin:", "  margn:", 1), encoding="utf-8")
    with pytest.raises(BankError, match=r"typo.yml line \d+: thresholds"):
        load_bank(tmp_path / "typo.yml")


def test_the_bank_has_every_route_and_ordinary_nlu_examples():
    bank = load_bank()
    routes = {example.route for example in bank.examples}
    assert routes == {"emergency", "crisis", "safeguarding", "urgent", "medical", "none"}
    assert any(".nlu." in example.id for example in bank.examples)
    assert not any(".nlu.triage_" in example.id for example in bank.examples)


# Regression guards, not evidence: the dev batches were looked at while fixing general causes.
# Floors are the figures reached with both layers (tests/triage/blind/FIGURES.md).
@pytest.mark.parametrize(("batch", "caught", "to_999", "asked"), [
    ("batch_1.yml", 0.98, 0.96, 0.11), ("batch_2.yml", 0.98, 0.96, 0.11),
])
def test_dev_batches_hold(triage, batch, caught, to_999, asked):
    scores = score_blind(triage, load_batch(BLIND / batch))
    assert scores.caught / scores.risk_total >= caught, scores.missed
    assert scores.to_999 / scores.emergency_total >= to_999
    assert scores.questions / scores.benign_total <= asked


@pytest.mark.skipif(not CLINC.exists(), reason="needs ../shared/data/external (the project's shared data)")
def test_real_ordinary_queries_rarely_get_a_safety_question(triage):
    queries = [line.strip() for line in CLINC.read_text(encoding="utf-8").splitlines() if line.strip()]
    results = [(text, triage.triage(text)) for text in queries]
    asked = [(text, r.check_route) for text, r in results if r.check_route and r.route not in RISK_ROUTES]
    routed = [(text, r.route) for text, r in results if r.route in RISK_ROUTES]
    assert len(routed) <= 15, routed  # issue #11: at most 0.5% risk routes on CLINC150
    assert len(asked) <= 60, asked  # measured 57 of 3,000 (1.9%) when the bank and thresholds were set
