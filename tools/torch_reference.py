#!/usr/bin/env python3
"""PyTorch CPU reference for the training-step benchmark (tools/bench.sh).

The same model as the engine (wasm/src/model/gpt.h): token embedding tied to the output head,
pre-LayerNorm blocks with RoPE attention (additive causal mask over the full T x T scores, as the
engine computes them), a GELU (tanh) MLP, ln_f, cross-entropy; AdamW with weight decay on the
matrices only, global-norm clipping at 1.0. One optimizer step = forward + backward + clip +
AdamW on a batch of B windows of T tokens, ONE thread.

    /usr/bin/python3 tools/torch_reference.py [--V 367] [--B 16] [--T 32] [--C 64] [--L 2]
                                              [--H 4] [--warmup 10] [--steps 30]

Prints one JSON line: {"torch_step_ms": median ms per step, "torch_version": ..., "blas": ...}.
Needs python3-torch (Debian); the bench skips this comparison when it is not installed.

BLAS matters: Debian's torch is built with BLAS_INFO=generic and calls whatever libblas.so.3
the system provides. With only the reference (netlib) BLAS installed its matrix products run
at a few GFLOPS; with OpenBLAS (libopenblas0-serial, one thread) they are many times faster.
"blas" in the output names the library this process actually loaded.
"""
import argparse
import json
import math
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, C, H, T):
        super().__init__()
        self.H = H
        self.ln_1 = nn.LayerNorm(C)
        self.c_attn = nn.Linear(C, 3 * C)
        self.c_proj = nn.Linear(C, C)
        self.ln_2 = nn.LayerNorm(C)
        self.c_fc = nn.Linear(C, 4 * C)
        self.mlp_proj = nn.Linear(4 * C, C)
        hs = C // H
        inv = 10000.0 ** (-2.0 * torch.arange(hs // 2, dtype=torch.float64) / hs)
        ang = torch.arange(T, dtype=torch.float64)[:, None] * inv[None, :]
        self.register_buffer("cos", ang.cos().float())  # (T, hs/2)
        self.register_buffer("sin", ang.sin().float())
        mask = torch.full((T, T), -1e9).triu(1)  # 0 on and below the diagonal, -1e9 above
        self.register_buffer("mask", mask)

    def rope(self, x):  # x (B, H, T, hs): rotate halves [x1, x2] by the position's angles
        half = x.shape[-1] // 2
        x1, x2 = x[..., :half], x[..., half:]
        c, s = self.cos[: x.shape[2]], self.sin[: x.shape[2]]
        return torch.cat([x1 * c - x2 * s, x2 * c + x1 * s], dim=-1)

    def forward(self, x):
        B, T, C = x.shape
        hs = C // self.H
        q, k, v = self.c_attn(self.ln_1(x)).split(C, dim=2)
        q = self.rope(q.view(B, T, self.H, hs).transpose(1, 2))
        k = self.rope(k.view(B, T, self.H, hs).transpose(1, 2))
        v = v.view(B, T, self.H, hs).transpose(1, 2)
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(hs)) + self.mask[:T, :T]
        y = F.softmax(att, dim=-1) @ v
        x = x + self.c_proj(y.transpose(1, 2).contiguous().view(B, T, C))
        return x + self.mlp_proj(F.gelu(self.c_fc(self.ln_2(x)), approximate="tanh"))


class Gpt(nn.Module):
    def __init__(self, V, T, C, L, H):
        super().__init__()
        self.wte = nn.Embedding(V, C)
        self.h = nn.ModuleList([Block(C, H, T) for _ in range(L)])
        self.ln_f = nn.LayerNorm(C)

    def forward(self, idx, targets):
        x = self.wte(idx)
        for b in self.h:
            x = b(x)
        logits = self.ln_f(x) @ self.wte.weight.t()  # tied head
        return F.cross_entropy(logits.view(-1, logits.shape[-1]), targets.reshape(-1))


def loaded_blas():
    """Path of the BLAS shared library mapped into this process (after a matrix product)."""
    torch.ones(8, 8) @ torch.ones(8, 8)
    try:
        with open("/proc/self/maps") as f:
            libs = {line.split()[-1] for line in f if "blas" in line.split()[-1]}
        return sorted(libs)[0] if libs else "unknown"
    except OSError:
        return "unknown"


def main():
    ap = argparse.ArgumentParser()
    for name, default in [("V", 367), ("B", 16), ("T", 32), ("C", 64), ("L", 2), ("H", 4),
                          ("warmup", 10), ("steps", 30)]:
        ap.add_argument("--" + name, type=int, default=default)
    a = ap.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(0)
    model = Gpt(a.V, a.T, a.C, a.L, a.H)
    decay = [p for p in model.parameters() if p.dim() >= 2]
    no_decay = [p for p in model.parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1},
                             {"params": no_decay, "weight_decay": 0.0}],
                            lr=3e-3, betas=(0.9, 0.95), eps=1e-8)
    stream = torch.randint(0, a.V, (200_000,))
    gen = torch.Generator().manual_seed(1)

    def step():
        starts = torch.randint(0, len(stream) - a.T - 1, (a.B,), generator=gen)
        win = torch.stack([stream[s: s + a.T + 1] for s in starts.tolist()])
        loss = model(win[:, :-1], win[:, 1:])
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        return loss.item()

    for _ in range(a.warmup):
        step()
    ms = []
    for _ in range(a.steps):
        t0 = time.perf_counter()
        step()
        ms.append((time.perf_counter() - t0) * 1e3)
    print(json.dumps({"torch_step_ms": round(statistics.median(ms), 3),
                      "torch_step_ms_min": round(min(ms), 3), "torch_version": torch.__version__,
                      "torch_threads": torch.get_num_threads(), "blas": loaded_blas(),
                      "B": a.B, "T": a.T, "C": a.C,
                      "L": a.L, "H": a.H, "V": a.V,
                      "params": sum(p.numel() for p in model.parameters())}))


if __name__ == "__main__":
    main()
