"""Runs a learner's cell and grades it by what the code does (never by its text).

run(code, cell) -> dict: {"stdout", "error" (None or {"frames": [{line, name, text}], "message",
"line"}), "verdict": "pass" | "fail" | "error", "feedback": [{"id", "params"}], "table": [...]}
Feedback ids name strings of web/src/i18n/strings/cells.ts after their "cells.fb." prefix; the
page words them in its language.
"""
import contextlib
import copy
import io
import math
import traceback

import examrule
from examrule import MHA, MiniGPT, causal_mask as engine_mask

FILE = "<cell>"


class Fail(Exception):
    """A grader's verdict 'fail' with one feedback item."""

    def __init__(self, fid, **params):
        super().__init__(fid)
        self.item = {"id": fid, "params": params}


def fb(fid, **params):
    return {"id": fid, "params": params}


def learner_error(exc, code):
    """The traceback restricted to the learner's own lines (frames in <cell>)."""
    lines = code.split("\n")
    frames = []
    for f in traceback.extract_tb(exc.__traceback__):
        if f.filename == FILE:
            text = lines[f.lineno - 1].strip() if 0 < f.lineno <= len(lines) else ""
            frames.append({"line": f.lineno, "name": f.name, "text": text})
    line = frames[-1]["line"] if frames else None
    if isinstance(exc, SyntaxError) and exc.filename == FILE:
        line = exc.lineno
        frames = [{"line": exc.lineno, "name": "<module>", "text": (exc.text or "").strip()}]
    message = "".join(traceback.format_exception_only(type(exc), exc)).strip().split("\n")[-1]
    return {"frames": frames, "message": message, "line": line}


def need(ns, name):
    f = ns.get(name)
    if not callable(f):
        raise Fail("missing", name=name)
    return f


def matrix(x, rows, cols, what):
    """x as `rows` lists of `cols` floats, or Fail with what was returned."""
    try:
        out = [[float(v) for v in row] for row in x]
        ok = len(out) == rows and all(len(r) == cols for r in out)
    except (TypeError, ValueError):
        ok = False
    if not ok:
        raise Fail("shape", what=what, rows=rows, cols=cols)
    return out


# ---- 04-lab-mask:causal-mask ---------------------------------------------------------------

def mask_mistake(m):
    """Names the usual mistake a (4, 4) mask shows, or None."""
    T = len(m)
    vis = lambda i, j: m[i][j] == 0
    hid = lambda i, j: m[i][j] <= -1e9
    cells = [(i, j) for i in range(T) for j in range(T)]
    if all(m[i][j] in (0.0, 1.0) for i, j in cells):
        return "mask.boolean"
    if all((vis(i, j) if j <= i else m[i][j] >= 1e9) for i, j in cells):
        return "mask.sign"
    if all((vis(i, j) if j < i else hid(i, j)) for i, j in cells):
        return "mask.diagonal"
    if all((vis(i, j) if j >= i else hid(i, j)) for i, j in cells):
        return "mask.transposed"
    if all((vis(i, j) if j <= i else -1e9 < m[i][j] < 0) for i, j in cells):
        return "mask.weak"
    return None


def grade_causal_mask(ns):
    f = need(ns, "causal_mask")
    uses_inf = False
    for T in range(1, 33):
        m = matrix(f(T), T, T, f"causal_mask({T})")
        ref = engine_mask(T)
        for i in range(T):
            for j in range(T):
                want, got = ref[i][j], m[i][j]
                ok = got == 0 if want == 0 else got <= -1e9
                if not ok:
                    small = matrix(f(4), 4, 4, "causal_mask(4)")
                    mistake = mask_mistake(small)
                    if mistake:
                        raise Fail(mistake)
                    raise Fail("mask.entry", T=T, i=i, j=j, got=repr(got), want=repr(want))
                uses_inf = uses_inf or got == -math.inf
    items = [fb("mask.pass", n=32)]
    if uses_inf:
        items.append(fb("mask.inf"))
    return "pass", items, None


# ---- 04-lab-mask:attention -------------------------------------------------------------------

def softmax(row):
    mx = max(row)
    e = [math.exp(s - mx) for s in row]
    z = sum(e)
    return [x / z for x in e]


def stable_attention(q, k, v, mask):
    T, hs = len(q), len(q[0])
    s = [[sum(a * b for a, b in zip(q[i], k[j])) / math.sqrt(hs) + (mask[i][j] if mask else 0.0)
          for j in range(T)] for i in range(T)]
    w = [softmax(row) for row in s]
    return [[sum(w[i][j] * v[j][c] for j in range(T)) for c in range(hs)] for i in range(T)]


def reference_variants(q, k, v, mask):
    """What the usual mistakes compute, in plain Python (to recognise them by their output)."""
    T, hs = len(q), len(q[0])
    raw = [[sum(a * b for a, b in zip(q[i], k[j])) for j in range(T)] for i in range(T)]
    add = lambda s: [[s[i][j] + (mask[i][j] if mask else 0.0) for j in range(T)] for i in range(T)]
    mix = lambda w: [[sum(w[i][j] * v[j][c] for j in range(T)) for c in range(hs)] for i in range(T)]
    scaled = [[s / math.sqrt(hs) for s in row] for row in raw]
    out = {"noscale": mix([softmax(r) for r in add(raw)])}
    cols = add(scaled)
    colsm = [softmax([cols[i][j] for i in range(T)]) for j in range(T)]  # softmax down each column
    out["axis"] = mix([[colsm[j][i] for j in range(T)] for i in range(T)])
    if mask:
        p = [softmax(r) for r in scaled]
        out["after"] = mix([[p[i][j] if mask[i][j] == 0 else 0.0 for j in range(T)] for i in range(T)])
        out["afterAdd"] = mix([[p[i][j] + mask[i][j] for j in range(T)] for i in range(T)])
        out["ignored"] = mix([softmax(r) for r in scaled])
    return out


def close(a, b, tol):
    return all(abs(x - y) <= tol for ra, rb in zip(a, b) for x, y in zip(ra, rb))


def grade_attention(ns):
    f = need(ns, "attention")
    mha = MHA(16, 2, 0)
    hs = mha.head_size
    x = examrule.random_input(8, 16, 1000)  # the lab's seeded input
    big = [[40.0 * e for e in row] for row in x]  # scores about 1600x larger: exp() overflows unshifted
    cases = [("masked", x, engine_mask(8)), ("unmasked", x, None), ("large", big, engine_mask(8))]
    for name, xi, mask in cases:
        heads = mha.heads(xi, mask)
        for h in range(2):
            q, k, v = mha.qkv(xi, h)
            ref = [row[h * hs:(h + 1) * hs] for row in heads]
            if name == "large":  # float32 rounding of scores ~1e3 moves the engine by ~1e-3 here:
                ref = stable_attention(q, k, v, mask)  # compare with the exact (double) result
            try:
                got = f(copy.deepcopy(q), copy.deepcopy(k), copy.deepcopy(v), copy.deepcopy(mask))
            except OverflowError:
                raise Fail("attn.overflow") if name == "large" else Fail("attn.overflowSmall")
            except TypeError:
                if mask is None:
                    raise Fail("attn.none")
                raise
            got = matrix(got, 8, hs, "attention(q, k, v, mask)")
            if any(math.isnan(e) or math.isinf(e) for row in got for e in row):
                raise Fail("attn.overflow" if name == "large" else "attn.nan")
            tol = 1e-5 * max(1.0, max(abs(e) for row in ref for e in row))
            if close(got, ref, tol):
                continue
            for mistake, out in reference_variants(q, k, v, mask).items():
                if close(got, out, tol):
                    raise Fail(f"attn.{mistake}")
            diff = max(abs(a - b) for ra, rb in zip(got, ref) for a, b in zip(ra, rb))
            raise Fail("attn.differs", case=name, head=h, diff=f"{diff:.3g}")
    return "pass", [fb("attn.pass")], None


# ---- 04-lab-mask:perturbation-test: graded by mutation --------------------------------------

def mutants(T, H=2):
    causal = [[0.0 if j <= i else -1e9 for j in range(T)] for i in range(T)]
    strict = [[0.0 if j < i else -1e9 for j in range(T)] for i in range(T)]
    upper = [[0.0 if j >= i else -1e9 for j in range(T)] for i in range(T)]
    zeros = [[0.0] * T for _ in range(T)]
    return [("correct", [causal] * H, 0), ("none", None, 0), ("after", [causal] * H, 1),
            ("diagonal", [strict] * H, 0), ("transposed", [upper] * H, 0),
            ("someHeads", [causal] + [zeros] * (H - 1), 0)]


def grade_perturbation(ns):
    f = need(ns, "check_causal")
    mha = MHA(16, 2, 0)
    T = 8
    table, survivors = [], []
    for name, masks, where in mutants(T):
        attn = lambda x, masks=masks, where=where: mha._run(x, masks, where)[0]
        try:
            result = f(attn, T)
            status = "returnsNone" if result is None else ("true" if result else "false")
        except Exception:
            if name == "correct":
                raise
            status = "raised"
        if name == "correct":
            table.append({"mutant": name, "status": "passes" if status == "true" else "fails"})
            if status == "returnsNone":
                raise Fail("mut.none")
            if status != "true":
                raise Fail("mut.correctFails")
            continue
        caught = status in ("false", "raised")
        table.append({"mutant": name, "status": "caught" if caught else "survived"})
        if not caught:
            survivors.append(name)
    n = len(table) - 1
    caught = n - len(survivors)
    if survivors:
        return "fail", [fb("mut.score", caught=caught, n=n)] + [fb(f"mut.hint.{s}") for s in survivors], table
    return "pass", [fb("mut.score", caught=caught, n=n), fb("mut.pass")], table


# ---- 05-lab-causality:sweep -----------------------------------------------------------------

def grade_sweep(ns):
    f = need(ns, "sweep")
    T = 32
    table, items = [], []
    for brk in ("healthy", "no-mask", "post-softmax-mask", "diag-blocked"):
        rows = f(MiniGPT(seed=0, brk=brk), T)
        try:
            rows = [(int(r[0]), bool(r[1]), bool(r[2])) for r in rows]
        except (TypeError, ValueError, IndexError, KeyError):
            raise Fail("sweep.rowShape")
        if [r[0] for r in rows] != list(range(1, T)):
            raise Fail("sweep.ks", T=T)
        if brk == "healthy":
            leak = [k for k, a, _ in rows if not a]
            still = [k for k, _, b in rows if not b]
            ok = not leak and not still
            if leak:
                items.append(fb("sweep.healthyLeak", k=leak[0]))
            if still:
                items.append(fb("sweep.noChange", k=still[0]))
        else:
            missed = [k for k, a, _ in rows if a]
            ok = not missed
            if missed:
                items.append(fb("sweep.missed", brk=brk, k=missed[0]))
        table.append({"model": brk, "status": "right" if ok else "wrong"})
    if items:
        return "fail", items, table
    return "pass", [fb("sweep.pass", T=T)], table


# ---- 10-break-forgotten-mask:repair: the learner's own mask, trained and swept ---------------

REPAIR_STEPS = 40


def grade_repair(ns):
    f = need(ns, "causal_mask")
    where = ns.get("WHERE", "pre")
    if where not in ("pre", "post", "multiply"):
        raise Fail("repair.where")
    m = matrix(f(32), 32, 32, "causal_mask(32)")
    for row in m:
        for v in row:
            if math.isnan(v) or v == math.inf or (where == "multiply" and v == -math.inf):
                raise Fail("repair.values")
    flat = [v for row in m for v in row]
    r = examrule._e.repair_run("no-mask", examrule.to_js(flat), {"pre": 0, "post": 1, "multiply": 2}[where], REPAIR_STEPS).to_py()
    table = [{"check": "sweep", "status": "right" if r["pass"] else "wrong", "value": f"{r['causal']}/{r['ks']}"},
             {"check": "valLoss", "status": "info", "value": f"{r['val_loss']:.3f}"},
             {"check": "valLossAr", "status": "info", "value": f"{r['val_loss_ar']:.3f}"}]
    if r["pass"]:
        return "pass", [fb("repair.pass", steps=REPAIR_STEPS)], table
    items = [fb("repair.leaks", causal=r["causal"], ks=r["ks"])]
    mistake = mask_mistake(matrix(f(4), 4, 4, "causal_mask(4)"))
    if where != "pre":
        items.append(fb(f"repair.where.{where}"))
    elif mistake:
        items.append(fb(mistake))
    return "fail", items, table


GRADERS = {
    "repair": grade_repair,
    "causal-mask": grade_causal_mask,
    "attention": grade_attention,
    "perturbation-test": grade_perturbation,
    "sweep": grade_sweep,
}


def run(code, cell):
    out = io.StringIO()
    result = {"stdout": "", "error": None, "verdict": "error", "feedback": [], "table": None}
    ns = {"__name__": "__cell__"}
    with contextlib.redirect_stdout(out):
        try:
            exec(compile(code, FILE, "exec"), ns)
            grader = GRADERS.get(cell)
            if grader:
                result["verdict"], result["feedback"], result["table"] = grader(ns)
            else:
                result["verdict"] = "pass"
        except Fail as e:
            result["verdict"], result["feedback"] = "fail", [e.item]
        except BaseException as e:  # the learner's code raised: show their lines
            result["error"] = learner_error(e, code)
            result["feedback"] = [fb("raised")]
    result["stdout"] = out.getvalue()[-20000:]
    return result
