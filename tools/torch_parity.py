#!/usr/bin/env python3
"""PyTorch reference for the engine's parity test (tests/cpp/test_parity.cpp, docs/parity.md).

Defines the mini-GPT exactly as wasm/README.md documents it ("The model"), in float64, loads
weights written by the engine (.safetensors, read here with struct + json), runs a fixed batch
and writes what the engine must reproduce:

    tests/data/parity/config.json           the small config the weights were trained with
    tests/data/parity/weights.safetensors   written by `examrule train` (the engine itself)
    tests/data/parity/tokens.json           the fixed batch: idx, targets (B, T) and its text
    tests/data/parity/reference.safetensors logits (B, T, V), loss, grad.<name> for every
                                            parameter, adamw1.<name> / adamw2.<name> (the
                                            weights after one and two AdamW steps on the same
                                            batch) and grad2.<name> (the gradient the second
                                            step used, at the weights after the first)

Regenerate everything (trains the weights with the native CLI first):

    /usr/bin/python3 tools/torch_parity.py --examrule build/parity/examrule

Without --examrule the committed weights and tokens are reused and only reference.safetensors
is rewritten (byte-identical when nothing changed). --bug NAME writes the reference of a
deliberately wrong model into --out (to prove the C++ test fails); --sensitivity prints how
far each such bug moves every compared quantity (compare with the tolerances at the top of
tests/cpp/test_parity.cpp). The weights are trained for 40 steps so that biases and LayerNorm
parameters are not at their init values (zero biases would hide a wrong bias term).

Needs Debian's python3-torch (use /usr/bin/python3). npm test does not: the committed
reference is the reference.
"""
import argparse
import json
import math
import os
import random
import struct
import subprocess
import sys

import torch
import torch.nn.functional as F

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURE = os.path.join(ROOT, "tests", "data", "parity")

# The batch: B windows of T + 1 consecutive tokens (inputs the first T, targets the last T).
# Three come from a grammatical stream (starts mid-sentence too), one is uniformly random ids
# (ungrammatical: large losses, gradients into many embedding rows).
STREAM_SEED, STREAM_SENTENCES, STREAM_STARTS, RANDOM_SEED = 11, 12, (0, 13, 29), 5
TRAIN_SEED = 7
ADAMW_STEPS = 2  # two steps: the second one exercises m, v and the bias corrections at t = 2
BUGS = ("rope-base-1000", "rope-interleaved", "rope-on-v", "no-ln-bias", "gelu-erf",
        "mask-diag", "untied-head-grad", "no-weight-decay", "decay-everything", "no-clip",
        "adam-t-per-tensor")


# ---- safetensors (little-endian F32 only, like the engine) ----------------------------------
def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n].decode("utf-8"))
    meta = header.pop("__metadata__", {})
    body = data[8 + n:]
    tensors = {}
    for name, info in header.items():
        if info["dtype"] != "F32":
            raise SystemExit(f"{path}: {name}: dtype {info['dtype']}, expected F32")
        a, b = info["data_offsets"]
        vals = struct.unpack(f"<{(b - a) // 4}f", body[a:b])
        tensors[name] = torch.tensor(vals, dtype=torch.float64).reshape(info["shape"])
    return tensors, meta


def write_safetensors(path, tensors, meta):
    """Tensors (float64) are rounded once to F32; names sorted so the bytes are reproducible."""
    header, chunks, off = {}, [], 0
    for name in sorted(tensors):
        t = tensors[name].detach().to(torch.float32).contiguous().reshape(-1)
        raw = struct.pack(f"<{t.numel()}f", *t.tolist())
        header[name] = {"dtype": "F32", "shape": list(tensors[name].shape),
                        "data_offsets": [off, off + len(raw)]}
        chunks.append(raw)
        off += len(raw)
    header["__metadata__"] = meta
    h = json.dumps(header, separators=(",", ":"), sort_keys=True).encode("utf-8")
    h += b" " * (-len(h) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(chunks))


# ---- the model (wasm/README.md, "The model") -------------------------------------------------
def param_names(L):
    """Storage order of param_layout(): wte, per block ln_1, c_attn, c_proj, ln_2, c_fc,
    c_proj (weight then bias), ln_f."""
    names = ["transformer.wte.weight"]
    for l in range(L):
        for part in ("ln_1", "attn.c_attn", "attn.c_proj", "ln_2", "mlp.c_fc", "mlp.c_proj"):
            names += [f"transformer.h.{l}.{part}.weight", f"transformer.h.{l}.{part}.bias"]
    return names + ["transformer.ln_f.weight", "transformer.ln_f.bias"]


def rope(x, T, bug):
    """x (B, H, T, hs). Rotate-half: x = [x1, x2] (halves), angle(t, i) = t * base^(-2i/hs),
    out = [x1 cos - x2 sin, x2 cos + x1 sin]. Angles in double (the engine rounds the table to
    float once; that difference is far below the tolerance)."""
    hs = x.shape[-1]
    base = 1000.0 if bug == "rope-base-1000" else 10000.0
    i = torch.arange(hs // 2, dtype=torch.float64)
    ang = torch.arange(T, dtype=torch.float64)[:, None] * base ** (-2.0 * i / hs)[None, :]
    c, s = ang.cos(), ang.sin()  # (T, hs/2)
    if bug == "rope-interleaved":  # GPT-J pairing (x0, x1), (x2, x3), ... instead of halves
        x1, x2 = x[..., 0::2], x[..., 1::2]
        return torch.stack([x1 * c - x2 * s, x2 * c + x1 * s], dim=-1).flatten(-2)
    x1, x2 = x[..., : hs // 2], x[..., hs // 2:]
    return torch.cat([x1 * c - x2 * s, x2 * c + x1 * s], dim=-1)


def layernorm(x, w, b, bug):
    return F.layer_norm(x, (x.shape[-1],), w, None if bug == "no-ln-bias" else b, eps=1e-5)


def forward(P, idx, targets, dims, bug=None):
    """P: name -> float64 tensor. idx, targets (B, T) int64. Returns logits (B, T, V), loss."""
    B, T = idx.shape
    C, L, H = dims["n_embd"], dims["n_layer"], dims["n_head"]
    hs = C // H
    wte = P["transformer.wte.weight"]
    x = wte[idx]  # (B, T, C), no position table
    # M[i, j] = 0 if j <= i else -1e9, added to the scores before the softmax
    M = torch.full((T, T), -1e9, dtype=torch.float64).triu(0 if bug == "mask-diag" else 1)
    for l in range(L):
        p = lambda s: P[f"transformer.h.{l}.{s}"]
        a = layernorm(x, p("ln_1.weight"), p("ln_1.bias"), bug)
        qkv = a @ p("attn.c_attn.weight").T + p("attn.c_attn.bias")  # (B, T, 3C) = [q | k | v]
        q, k, v = (t.reshape(B, T, H, hs).transpose(1, 2) for t in qkv.split(C, dim=-1))
        q, k = rope(q, T, bug), rope(k, T, bug)
        if bug == "rope-on-v":
            v = rope(v, T, None)
        s = q @ k.transpose(-2, -1) / math.sqrt(hs) + M  # (B, H, T, T)
        y = F.softmax(s, dim=-1) @ v  # (B, H, T, hs)
        y = y.transpose(1, 2).reshape(B, T, C)
        x = x + y @ p("attn.c_proj.weight").T + p("attn.c_proj.bias")
        h = layernorm(x, p("ln_2.weight"), p("ln_2.bias"), bug) @ p("mlp.c_fc.weight").T \
            + p("mlp.c_fc.bias")
        h = F.gelu(h, approximate="none" if bug == "gelu-erf" else "tanh")
        x = x + h @ p("mlp.c_proj.weight").T + p("mlp.c_proj.bias")
    xf = layernorm(x, P["transformer.ln_f.weight"], P["transformer.ln_f.bias"], bug)
    head = wte.detach() if bug == "untied-head-grad" else wte  # the bug: head gets no gradient
    logits = xf @ head.T  # (B, T, V), tied head
    loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1))
    return logits, loss


def adamw_t_per_tensor(P, names, cfg, step, state):
    """The anti-pattern STYLE.md names: the bias-correction counter advanced once per tensor
    instead of once per optimizer step (only for --bug / --sensitivity)."""
    b1, b2, eps, lr = cfg["beta1"], cfg["beta2"], cfg["adam_eps"], cfg["lr_max"]
    with torch.no_grad():
        for j, n in enumerate(names):
            p, g = P[n], P[n].grad
            m, v = state.setdefault(n, (torch.zeros_like(p), torch.zeros_like(p)))
            m.mul_(b1).add_((1 - b1) * g)
            v.mul_(b2).add_((1 - b2) * g * g)
            t = (step - 1) * len(names) + j + 1  # the bug
            wd = cfg["weight_decay"] if p.dim() == 2 else 0.0
            p -= lr * ((m / (1 - b1 ** t)) / ((v / (1 - b2 ** t)).sqrt() + eps) + wd * p)


def reference(weights, idx, targets, cfg, bug=None):
    """Forward + backward at the given weights, then ADAMW_STEPS optimizer steps on the same
    batch (fresh AdamW state, lr = lr_max, clipping at grad_clip), as Run::step does them."""
    names = param_names(cfg["n_layer"])
    P = {n: weights[n].clone().requires_grad_(True) for n in names}
    logits, loss = forward(P, idx, targets, cfg, bug)
    grads = torch.autograd.grad(loss, [P[n] for n in names], allow_unused=True)  # (bugs)
    grads = [torch.zeros_like(P[n]) if g is None else g for n, g in zip(names, grads)]
    out = {"logits": logits.detach(), "loss": loss.detach().reshape(1)}
    out.update({f"grad.{n}": g for n, g in zip(names, grads)})

    wd = 0.0 if bug == "no-weight-decay" else cfg["weight_decay"]
    matrices = [P[n] for n in names if P[n].dim() == 2 or bug == "decay-everything"]
    vectors = [P[n] for n in names if not (P[n].dim() == 2 or bug == "decay-everything")]
    opt = torch.optim.AdamW([{"params": matrices, "weight_decay": wd},
                             {"params": vectors, "weight_decay": 0.0}],
                            lr=cfg["lr_max"], betas=(cfg["beta1"], cfg["beta2"]),
                            eps=cfg["adam_eps"])
    norms, state = [], {}
    for step in range(1, ADAMW_STEPS + 1):
        opt.zero_grad(set_to_none=True)
        _, l = forward(P, idx, targets, cfg, bug)
        l.backward()
        params = [P[n] for n in names]
        if step > 1:  # the gradient at the weights the previous step produced, before clipping
            out.update({f"grad{step}.{n}": P[n].grad.detach().clone() if P[n].grad is not None
                        else torch.zeros_like(P[n]) for n in names})
        if bug == "no-clip":
            norms.append(float(torch.sqrt(sum((p.grad ** 2).sum() for p in params
                                              if p.grad is not None))))
        else:
            norms.append(float(torch.nn.utils.clip_grad_norm_(params, cfg["grad_clip"])))
        if bug == "adam-t-per-tensor":
            adamw_t_per_tensor(P, names, cfg, step, state)
        else:
            opt.step()
        out.update({f"adamw{step}.{n}": P[n].detach().clone() for n in names})
    return out, norms


# ---- fixture -----------------------------------------------------------------------------
def make_tokens(examrule, vocab, T):
    text = subprocess.run([examrule, "corpus", "--sample", str(STREAM_SENTENCES), "--seed",
                           str(STREAM_SEED)], check=True, capture_output=True, text=True).stdout
    ids = {w: i for i, w in enumerate(vocab)}
    stream = []
    for line in text.splitlines():
        stream += [ids["<bos>"]] + [ids[w] for w in line.split()] + [ids["<eos>"]]
    windows = [stream[s:s + T + 1] for s in STREAM_STARTS]
    rng = random.Random(RANDOM_SEED)
    windows.append([rng.randrange(len(vocab)) for _ in range(T + 1)])
    assert all(len(w) == T + 1 for w in windows)
    return {
        "source": f"examrule corpus --sample {STREAM_SENTENCES} --seed {STREAM_SEED} as "
                  f"<bos> words <eos> ..., windows at {list(STREAM_STARTS)}; last window: "
                  f"random.Random({RANDOM_SEED}).randrange(V)",
        "idx": [w[:-1] for w in windows], "targets": [w[1:] for w in windows],
        "text": [" ".join(vocab[i] for i in w) for w in windows],
    }


TRAIN_COMMAND = ("examrule train --config tests/data/parity/config.json --seed " + str(TRAIN_SEED)
                 + " --save tests/data/parity/weights.safetensors")


def train_weights(examrule):
    """Runs TRAIN_COMMAND with the given binary, from the repository root."""
    cmd = [os.path.abspath(examrule)] + TRAIN_COMMAND.split()[1:]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)


def load_fixture_inputs(weights_path, tokens_path):
    weights, meta = read_safetensors(weights_path)
    cfg = json.loads(meta["config"])
    with open(tokens_path) as f:
        tok = json.load(f)
    idx = torch.tensor(tok["idx"], dtype=torch.int64)
    targets = torch.tensor(tok["targets"], dtype=torch.int64)
    return weights, meta, cfg, idx, targets


def measure(a, b):
    """What the C++ test asserts: max |a - b| / max |b| over a tensor."""
    return float((a - b).abs().max() / b.abs().max().clamp_min(1e-30))


def errors(got, ref, weights):
    """Every quantity the C++ test compares, measured the same way. AdamW entries compare the
    update of their step (weights after the step minus the weights before it)."""
    out = {}
    for k in ref:
        if k.startswith("adamw"):
            step, name = int(k[5]), k.split(".", 1)[1]
            def before(d):
                return weights[name] if step == 1 else d[f"adamw{step - 1}.{name}"]
            out[k] = measure(got[k] - before(got), ref[k] - before(ref))
            if step == ADAMW_STEPS:  # the end-to-end test compares the weights themselves
                out["weights." + name] = measure(got[k], ref[k])
        else:
            out[k] = measure(got[k], ref[k])
    return out


def sensitivity(weights, cfg, idx, targets):
    """For each bug: the largest error it causes per kind of quantity (what the test would
    see if the engine had that bug), and where."""
    good, _ = reference(weights, idx, targets, cfg)
    kinds = ("logits", "loss", "grad", "grad2", "adamw1", "adamw2", "weights")
    print(f"{'bug':18s} " + " ".join(f"{k:>8s}" for k in kinds) + "  worst quantity")
    for bug in BUGS:
        bad, _ = reference(weights, idx, targets, cfg, bug)
        e = errors(bad, good, weights)
        per = [max(v for k, v in e.items() if k.split(".")[0] == kind) for kind in kinds]
        worst = max(e, key=e.get)
        print(f"{bug:18s} " + " ".join(f"{v:8.1e}" for v in per) + f"  {worst}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--examrule", help="native CLI: (re)train the weights and rebuild tokens")
    ap.add_argument("--out", default=FIXTURE, help="directory for reference.safetensors")
    ap.add_argument("--bug", choices=BUGS, help="write the reference of a wrong model")
    ap.add_argument("--sensitivity", action="store_true", help="print the bug table and exit")
    a = ap.parse_args()
    if a.bug and os.path.abspath(a.out) == os.path.abspath(FIXTURE):
        ap.error("--bug needs --out DIR (never overwrite the committed reference)")
    torch.set_num_threads(1)
    weights_path = os.path.join(FIXTURE, "weights.safetensors")
    tokens_path = os.path.join(FIXTURE, "tokens.json")

    if a.examrule:
        train_weights(a.examrule)
        _, meta = read_safetensors(weights_path)
        cfg = json.loads(meta["config"])
        tok = make_tokens(a.examrule, json.loads(meta["vocab"]), cfg["block_size"])
        with open(tokens_path, "w") as f:
            f.write("{\n" + ",\n".join(f'  "{k}": {json.dumps(v, ensure_ascii=False)}'
                                       for k, v in tok.items()) + "\n}\n")
    weights, meta, cfg, idx, targets = load_fixture_inputs(weights_path, tokens_path)
    if a.sensitivity:
        return sensitivity(weights, cfg, idx, targets)

    out, norms = reference(weights, idx, targets, cfg, a.bug)
    info = {
        "format": "examrule-parity/1",
        "reference": "tools/torch_parity.py, float64, torch " + torch.__version__.split("+")[0],
        "bug": a.bug or "none",
        "weights": "weights.safetensors (" + TRAIN_COMMAND + ")",
        "loss": repr(float(out["loss"])),
        "lr": repr(cfg["lr_max"]),
        "adamw_steps": str(ADAMW_STEPS),
        "grad_norms_pre_clip": json.dumps(norms),
    }
    os.makedirs(a.out, exist_ok=True)
    write_safetensors(os.path.join(a.out, "reference.safetensors"), out, info)
    print(json.dumps({"out": os.path.join(a.out, "reference.safetensors"), "loss": info["loss"],
                      "grad_norms_pre_clip": norms, "bug": info["bug"]}))


if __name__ == "__main__":
    sys.exit(main())
