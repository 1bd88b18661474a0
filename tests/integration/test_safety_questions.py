"""Over REST, a risk only the example layer sees gets a safety question whose buttons route.

The message below is routed by no rule (tests/triage/test_example_layer.py checks that), so
each assertion here would fail with the example layer switched off.
"""

from __future__ import annotations

import pytest

from tests.support.stack import referrals, running_stack, say, texts

pytestmark = pytest.mark.integration

CONTROLLED = "he listens to all my calls and chooses my clothes"
GOODBYE = "everyone will be better off once I'm gone, I've made my peace with it"


def buttons(messages: list[dict]) -> dict[str, str]:
    return {b["title"]: b["payload"] for m in messages for b in m.get("buttons") or []}


def test_the_question_its_number_and_both_answers(tmp_path):
    with running_stack(tmp_path, env={"FRONTDOOR_NOW": "2026-11-24T10:30"}, servers=("actions", "rasa")) as stack:
        asked = say(stack, "examples-yes", CONTROLLED)
        assert "Is someone hurting you, scaring you or taking advantage of you?" in texts(asked)
        assert "01632 960 200" in texts(asked)  # the duty team's number comes with the question
        assert buttons(asked) == {"Yes": "/affirm", "No": "/deny"}
        assert referrals(stack.database_url) == []  # a question is not a referral

        answered = texts(say(stack, "examples-yes", "/affirm"))
        assert "Nobody should be hurt, scared or taken advantage of" in answered
        [record] = referrals(stack.database_url)
        assert record["route"] == "safeguarding" and record["id"] in answered
        assert "similar to example safeguarding." in str(record["reasons"])

        say(stack, "examples-no", CONTROLLED)
        declined = texts(say(stack, "examples-no", "no"))
        assert "If that changes, our duty team is on 01632 960 200" in declined
        assert len(referrals(stack.database_url)) == 1


def test_mid_form_and_without_the_action_server(tmp_path):
    with running_stack(tmp_path, servers=("actions", "rasa")) as stack:
        say(stack, "mid-form", "hello")
        form = texts(say(stack, "mid-form", "it's for me"))
        assert "?" in form  # a question of the form is open
        asked = texts(say(stack, "mid-form", GOODBYE))
        assert "Are you having thoughts of ending your life?" in asked and "116 123" in asked
        assert "Samaritans" in texts(say(stack, "mid-form", "yes"))  # the crisis reply, not the form

        stack.stop_action_server()
        asked = texts(say(stack, "no-actions", GOODBYE))
        assert "Are you having thoughts of ending your life?" in asked and "116 123" in asked
        assert "Samaritans: call 116 123" in texts(say(stack, "no-actions", "/affirm"))
