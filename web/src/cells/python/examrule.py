"""examrule: the course's C++ engine, from Python. Lists in, lists out.

The same WebAssembly engine the lessons run, in this Python worker's own instance. Everything
is seeded, so the same call gives the same numbers in every browser.

  causal_mask(T)                  the engine's (T, T) additive mask: 0 visible, -1e9 hidden
  random_input(T, d_model, seed)  T rows of d_model standard-normal numbers
  MHA(d_model=16, n_heads=2, seed=0)
      .qkv(x=None, head=0)        (q, k, v) of one head, T rows of d_model // n_heads each
                                  (x None: the lab's seeded input, T = 8)
      .forward(x=None, mask=None) T rows of d_model: the layer's output with `mask` (T, T)
                                  added to every head's scores before the softmax
      .heads(x=None, mask=None)   the heads' outputs before the output projection, T rows
  MiniGPT(seed=0, brk="healthy")  the course's mini-GPT, untrained (T up to 32)
      .vocab_size, .context
      .logits(tokens)             len(tokens) rows of vocab_size logits (inference pass)
"""
import math

import _examrule_engine as _e
from pyodide.ffi import to_js

__all__ = ["causal_mask", "random_input", "MHA", "MiniGPT"]


def _rows(flat, cols):
    flat = list(flat)
    return [flat[i:i + cols] for i in range(0, len(flat), cols)]


def _matrix(x, rows, cols, name):
    """A list of `rows` rows of `cols` finite numbers (or -inf), flattened; else a clear error."""
    try:
        out = [float(v) for row in x for v in row]
        ok = len(x) == rows and all(len(row) == cols for row in x)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a list of {rows} rows of {cols} numbers") from None
    if not ok:
        raise ValueError(f"{name} must be {rows} rows of {cols} numbers")
    for v in out:
        if math.isnan(v) or v == math.inf:
            raise ValueError(f"{name} holds {v}: use finite numbers (or -inf in a mask)")
    return out


def causal_mask(T):
    """The engine's causal mask: T rows, 0 where j <= i, -1e9 where j > i."""
    return _rows(_e.causal_mask(int(T)).to_py(), int(T))


def random_input(T, d_model, seed):
    """T rows of d_model seeded standard-normal numbers (the same in every browser)."""
    return _rows(_e.random_input(int(T), int(d_model), int(seed)).to_py(), int(d_model))


class MHA:
    """The lab's multi-head attention layer: weights seeded, no biases."""

    def __init__(self, d_model=16, n_heads=2, seed=0):
        self.d_model, self.n_heads, self.seed = int(d_model), int(n_heads), int(seed)
        self.head_size = self.d_model // self.n_heads

    def _x(self, x):
        if x is None:
            return 8, None  # the lab's seeded input
        return len(x), to_js(_matrix(x, len(x), self.d_model, "x"))

    def qkv(self, x=None, head=0):
        T, xs = self._x(x)
        r = _e.mha_project(T, self.d_model, self.n_heads, self.seed, xs).to_py()
        lo, hi = head * self.head_size, (head + 1) * self.head_size
        return tuple([row[lo:hi] for row in _rows(r[n], self.d_model)] for n in ("q", "k", "v"))

    def _run(self, x, masks, where):
        T, xs = self._x(x)
        m = None
        if masks is not None:
            m = to_js([v for mask in masks for v in _matrix(mask, T, T, "mask")])
        r = _e.mha_forward(T, self.d_model, self.n_heads, self.seed, xs, m, where).to_py()
        return _rows(r["y"], self.d_model), _rows(r["heads"], self.d_model)

    def forward(self, x=None, mask=None):
        return self._run(x, None if mask is None else [mask] * self.n_heads, 0)[0]

    def heads(self, x=None, mask=None):
        return self._run(x, None if mask is None else [mask] * self.n_heads, 0)[1]


class MiniGPT:
    """The course's mini-GPT (2 blocks, 4 heads, context 32), untrained, weights from `seed`."""

    def __init__(self, seed=0, brk="healthy"):
        info = _e.gpt_create(str(brk), int(seed)).to_py()
        self._handle, self.vocab_size, self.context = info["handle"], info["V"], info["T"]

    def logits(self, tokens):
        tokens = [int(t) for t in tokens]
        if not 1 <= len(tokens) <= self.context:
            raise ValueError(f"tokens must hold 1 to {self.context} ids, got {len(tokens)}")
        for t in tokens:
            if not 0 <= t < self.vocab_size:
                raise ValueError(f"token id {t} is outside the vocabulary [0, {self.vocab_size})")
        return _rows(_e.gpt_logits(self._handle, to_js(tokens)).to_py(), self.vocab_size)
