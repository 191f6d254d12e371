/**
 * The engine functions that python/examrule.py calls (as the JS module `_examrule_engine`):
 * numbers and plain arrays in, plain arrays out; a refusal throws the engine's sentence.
 */
import type { EngineModule } from '../engine/module';

/** The engine functions examrule.py calls (lists in, JS arrays out). */
export
function bridge(M: EngineModule) {
  const floats = (n: number, fn: (p: number) => number) => {
    const p = M._malloc(Math.max(1, n) * 4);
    try {
      if (fn(p) !== 0) throw new Error(M.UTF8ToString(M._er_last_error()));
      return Array.from(M.HEAPF32.subarray(p >> 2, (p >> 2) + n));
    } finally {
      M._free(p);
    }
  };
  const put = (a: ArrayLike<number> | null | undefined): number => {
    if (!a) return 0;
    const p = M._malloc(Math.max(1, a.length) * 4);
    M.HEAPF32.set(a, p >> 2);
    return p;
  };
  return {
    causal_mask: (T: number) => floats(T * T, (p) => M._er_causal_mask(T, p)),
    random_input: (T: number, d: number, seed: number) => floats(T * d, (p) => M._er_random_input(T, d, seed >>> 0, p)),
    mha_project(T: number, d: number, H: number, seed: number, x: number[] | null) {
      const px = put(x);
      const out = M._malloc(3 * T * d * 4);
      try {
        if (M._er_mha_project(T, d, H, seed >>> 0, px, out, out + T * d * 4, out + 2 * T * d * 4) !== 0)
          throw new Error(M.UTF8ToString(M._er_last_error()));
        const all = Array.from(M.HEAPF32.subarray(out >> 2, (out >> 2) + 3 * T * d));
        return { q: all.slice(0, T * d), k: all.slice(T * d, 2 * T * d), v: all.slice(2 * T * d) };
      } finally {
        M._free(out);
        if (px) M._free(px);
      }
    },
    mha_forward(T: number, d: number, H: number, seed: number, x: number[] | null, masks: number[] | null, where: number) {
      const px = put(x), pm = put(masks);
      const out = M._malloc(2 * T * d * 4);
      try {
        if (M._er_mha_forward_masks(T, d, H, seed >>> 0, px, pm, where, out, out + T * d * 4) !== 0)
          throw new Error(M.UTF8ToString(M._er_last_error()));
        const all = Array.from(M.HEAPF32.subarray(out >> 2, (out >> 2) + 2 * T * d));
        return { y: all.slice(0, T * d), heads: all.slice(T * d) };
      } finally {
        M._free(out);
        if (px) M._free(px);
        if (pm) M._free(pm);
      }
    },
    ...gptBridge(M),
  };
}

/** Untrained mini-GPTs by (break, seed), created once per worker. */
function gptBridge(M: EngineModule) {
  const runs = new Map<string, { handle: number; V: number; T: number }>();
  return {
    gpt_create(brk: string, seed: number) {
      const key = `${brk}/${seed}`;
      let r = runs.get(key);
      if (!r) {
        const n = M.lengthBytesUTF8(brk) + 1;
        const pb = M._malloc(n), ph = M._malloc(4), pc = M._malloc(1);
        try {
          M.stringToUTF8(brk, pb, n);
          M.HEAPU8[pc] = 0;
          if (M._er_run_create(pc, pb, seed >>> 0, ph) !== 0) throw new Error(M.UTF8ToString(M._er_last_error()));
          const handle = M.HEAP32[ph >> 2];
          const info = JSON.parse(outText(M, (pp) => M._er_run_info(handle, pp))) as { config: Record<string, number> };
          r = { handle, V: info.config.vocab_size, T: info.config.block_size };
          runs.set(key, r);
        } finally {
          M._free(pb), M._free(ph), M._free(pc);
        }
      }
      return r;
    },
    /**
     * A break's run repaired with a mask given as data (train and generate, applied `where`),
     * trained `steps` steps from seed 0, then questioned: the causality sweep at T = 32 and the
     * validation losses (teacher-forced and autoregressive). The run is freed.
     */
    repair_run(brk: string, mask: number[], where: number, steps: number) {
      const n = M.lengthBytesUTF8(brk) + 1;
      const cfg = JSON.stringify({ steps, eval_every: steps, batch_size: 4 }); // small batches: the sweep is the evidence
      const nc = M.lengthBytesUTF8(cfg) + 1;
      const pb = M._malloc(n), pc = M._malloc(nc), ph = M._malloc(4), pm = M._malloc(mask.length * 4);
      let handle = 0;
      try {
        M.stringToUTF8(brk, pb, n);
        M.stringToUTF8(cfg, pc, nc);
        if (M._er_run_create(pc, pb, 0, ph) !== 0) throw new Error(M.UTF8ToString(M._er_last_error()));
        handle = M.HEAP32[ph >> 2];
        M.HEAPF32.set(mask, pm >> 2);
        for (const pass of [0, 1])
          if (M._er_run_set_mask_data(handle, pass, pm, mask.length, where) !== 0) throw new Error(M.UTF8ToString(M._er_last_error()));
        for (let s = 0; s < steps; s++) outText(M, (pp) => M._er_run_step(handle, pp));
        const ev = JSON.parse(outText(M, (pp) => M._er_run_eval(handle, pp))) as { val_loss: number; val_loss_ar: number };
        const sweep = JSON.parse(outText(M, (pp) => M._er_run_causality(handle, 32, 0, pp))) as { rows: { prefix_identical: boolean }[]; pass: boolean };
        return { pass: sweep.pass, causal: sweep.rows.filter((r) => r.prefix_identical).length, ks: sweep.rows.length, ...ev };
      } finally {
        if (handle) M._er_run_free(handle);
        M._free(pb), M._free(pc), M._free(ph), M._free(pm);
      }
    },
    gpt_logits(handle: number, tokens: number[]) {
      const V = [...runs.values()].find((r) => r.handle === handle)!.V;
      const pt = M._malloc(tokens.length * 4);
      M.HEAP32.set(tokens, pt >> 2);
      const out = M._malloc(tokens.length * V * 4);
      try {
        if (M._er_run_logits(handle, pt, tokens.length, out) !== 0) throw new Error(M.UTF8ToString(M._er_last_error()));
        return Array.from(M.HEAPF32.subarray(out >> 2, (out >> 2) + tokens.length * V));
      } finally {
        M._free(pt), M._free(out);
      }
    },
  };
}

function outText(M: EngineModule, fn: (pp: number) => number): string {
  const pp = M._malloc(4);
  try {
    if (fn(pp) !== 0) throw new Error(M.UTF8ToString(M._er_last_error()));
    return M.UTF8ToString(M.HEAP32[pp >> 2]);
  } finally {
    M._free(pp);
  }
}

