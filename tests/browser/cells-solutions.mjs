// Right solutions and the usual mistakes for each code cell, keyed by the feedback id the grader
// must give (shared by tests/browser/cells.test.mjs and tests/web/cells-grading.test.ts).

export const MASK = {
  right: 'def causal_mask(T):\n    return [[0.0 if j <= i else -1e9 for j in range(T)] for i in range(T)]\n',
  wrong: {
    'cells.fb.mask.diagonal': 'def causal_mask(T):\n    return [[0.0 if j < i else -1e9 for j in range(T)] for i in range(T)]\n',
    'cells.fb.mask.transposed': 'def causal_mask(T):\n    return [[0.0 if j >= i else -1e9 for j in range(T)] for i in range(T)]\n',
    'cells.fb.mask.sign': 'def causal_mask(T):\n    return [[0.0 if j <= i else 1e9 for j in range(T)] for i in range(T)]\n',
    'cells.fb.mask.boolean': 'def causal_mask(T):\n    return [[1 if j <= i else 0 for j in range(T)] for i in range(T)]\n',
  },
  inf: 'def causal_mask(T):\n    return [[0.0 if j <= i else float("-inf") for j in range(T)] for i in range(T)]\n',
};

const py = (b) => (b ? 'True' : 'False');
const attention = ({ scale = ' / math.sqrt(hs)', shift = 'max(s)', axis = false, after = false } = {}) => `import math

def softmax(s):
    m = ${shift}
    e = [math.exp(x - m) for x in s]
    z = sum(e)
    return [x / z for x in e]

def attention(q, k, v, mask):
    T, hs = len(q), len(q[0])
    s = [[sum(a * b for a, b in zip(q[i], k[j]))${scale} for j in range(T)] for i in range(T)]
    if mask is not None and not ${py(after)}:
        s = [[s[i][j] + mask[i][j] for j in range(T)] for i in range(T)]
    if ${py(axis)}:
        cols = [softmax([s[i][j] for i in range(T)]) for j in range(T)]
        w = [[cols[j][i] for j in range(T)] for i in range(T)]
    else:
        w = [softmax(row) for row in s]
    if mask is not None and ${py(after)}:
        w = [[w[i][j] if mask[i][j] == 0 else 0.0 for j in range(T)] for i in range(T)]
    return [[sum(w[i][j] * v[j][c] for j in range(T)) for c in range(hs)] for i in range(T)]
`;
export const ATTN = {
  right: attention(),
  wrong: {
    'cells.fb.attn.noscale': attention({ scale: '' }),
    'cells.fb.attn.axis': attention({ axis: true }),
    'cells.fb.attn.after': attention({ after: true }),
    'cells.fb.attn.overflow': attention({ shift: '0.0' }),
  },
};

export const PERTURB = {
  good: `import examrule

def check_causal(attn, T):
    """True when attn obeys the exam rule."""
    x = examrule.random_input(T, 16, seed=1)
    y = attn(x)
    for pos in range(T):
        x2 = [row[:] for row in x]
        x2[pos] = examrule.random_input(1, 16, seed=2)[0]
        y2 = attn(x2)
        if y[:pos] != y2[:pos] or y[pos] == y2[pos]:
            return False
    return True
`,
  empty: 'def check_causal(attn, T):\n    """Asserts nothing."""\n    return True\n',
};

export const SWEEP = {
  right: `import random

def sweep(model, T):
    """Rows (k, prefix_identical, suffix_differs)."""
    rng = random.Random(0)
    tokens = [rng.randrange(model.vocab_size) for _ in range(T)]
    base = model.logits(tokens)
    rows = []
    for k in range(1, T):
        t2 = list(tokens)
        t2[k] = (t2[k] + 1) % model.vocab_size
        b = model.logits(t2)
        rows.append((k, base[:k] == b[:k], base[k:] != b[k:]))
    return rows
`,
};
SWEEP.offByOne = SWEEP.right.replace('base[:k] == b[:k]', 'base[:k + 1] == b[:k + 1]');


export const REPAIR = {
  right: `WHERE = "pre"\n\n${MASK.right}`,
  wrong: {
    'cells.fb.repair.where.post': `WHERE = "post"\n\n${MASK.right}`,
    'cells.fb.repair.where.multiply': `WHERE = "multiply"\n\ndef causal_mask(T):\n    return [[1.0 if j <= i else 0.0 for j in range(T)] for i in range(T)]\n`,
    'cells.fb.mask.diagonal': `WHERE = "pre"\n\n${MASK.wrong['cells.fb.mask.diagonal']}`,
    'cells.fb.mask.transposed': `WHERE = "pre"\n\n${MASK.wrong['cells.fb.mask.transposed']}`,
  },
};
