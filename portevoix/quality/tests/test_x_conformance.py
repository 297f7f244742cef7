"""X's weighted length passes every case of twitter-text's conformance suite (config v3)."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from portevoix.connectors.counting import parse_x
from portevoix.quality.tests.factories import DATA

SUITE = yaml.safe_load((DATA / "twitter-text" / "validate.yml").read_text(encoding="utf-8"))
SECTIONS = ("WeightedTweetsWithDiscountedEmojiCounterTest", "UnicodeDirectionalMarkerCounterTest")
CASES = [case for section in SECTIONS for case in SUITE["tests"][section]]


def test_it_loads_every_case_of_the_suite() -> None:
    assert len(SUITE["tests"]["WeightedTweetsWithDiscountedEmojiCounterTest"]) == 22
    assert len(CASES) == 24


@pytest.mark.parametrize("case", CASES, ids=[case["description"][:60] for case in CASES])
def test_it_counts_as_twitter_text_does(case: dict[str, Any]) -> None:
    result = parse_x(case["text"])
    expected = case["expected"]
    assert result.weighted_length == expected["weightedLength"]
    assert result.valid is expected["valid"]
    assert result.permillage == expected["permillage"]
    assert result.valid_range_end == expected["validRangeEnd"]
    assert result.display_range_end == expected["displayRangeEnd"]
