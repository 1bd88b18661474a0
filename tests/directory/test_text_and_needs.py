"""Text cleaning, lemmas and the need taxonomy file's checks."""

from __future__ import annotations

import pytest

from directory.needs import TaxonomyError, load_taxonomy
from directory.text import lemmas, strip_html


def test_strip_html_keeps_words_and_loses_markup():
    assert strip_html("<p>Tea&nbsp;&amp; cake</p><p>Every <b>Tuesday</b></p>") == "Tea & cake\n\nEvery Tuesday"
    assert strip_html("<script>steal()</script><style>p{}</style>Hello") == "Hello"
    assert strip_html("5 &lt; 6 &gt; 4") == "5 6 4"
    assert strip_html(None) == ""


def test_lemmas_understand_contractions_and_typing_without_apostrophes():
    assert lemmas("I don't see anyone") == lemmas("i dont see anyone") == ["i", "do", "not", "see", "anyone"]
    assert lemmas("my hearing's going") == ["my", "hearing", "go"]
    assert lemmas("Parkinson’s carers") == ["parkinson", "carer"]


@pytest.mark.parametrize("message, need", [
    ("my husband has Parkinson's and I'm with him day and night, I'm worn out", "carer-breaks"),
    ("my hearing's going and I miss out on conversations", "hearing-loss"),
    ("I don't see anyone from one week to the next", "loneliness"),
    ("I'm worn out", None),  # without caring, being tired is not a need for breaks from caring
])
def test_needs_come_from_residents_own_words(message, need):
    found = load_taxonomy().detect(lemmas(message))
    if need:
        assert found.get(need, 0) >= 0.9
    else:
        assert "carer-breaks" not in found


def test_a_broken_taxonomy_file_is_refused_with_its_location(tmp_path):
    broken = tmp_path / "needs.yml"
    broken.write_text("version: 1\ntaxonomy: {id: x, name: X}\nclasses: {}\nresident_fillers: []\n"
                      "needs:\n  - id: Bad Id\n    label: x\n    resident_phrases: []\n    service_terms: []\n",
                      encoding="utf-8")
    with pytest.raises(TaxonomyError, match="needs/0/id"):
        load_taxonomy(broken)
    broken.write_text("version: 1\ntaxonomy: {id: x, name: X}\nclasses: {}\nresident_fillers: []\n"
                      "needs:\n  - id: a\n    label: abc\n    resident_phrases: ['{NOPE} x']\n    service_terms: []\n",
                      encoding="utf-8")
    with pytest.raises(TaxonomyError, match="unknown word class"):
        load_taxonomy(broken)


def test_the_shipped_taxonomy_has_enough_needs_with_plain_labels():
    taxonomy = load_taxonomy()
    assert 30 <= len(taxonomy.needs) <= 60
    assert all(need.label == need.label.strip() and len(need.label) <= 60 for need in taxonomy.needs.values())
