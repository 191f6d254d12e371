/**
 * The real C++ of each break, cut from the engine's source at build time: the model files are
 * imported as text (Vite `?raw`) and the lines between `// BREAK(<name>) begin` and
 * `// BREAK(<name>) end` are what the learner reads. Nothing here is a copy of the code, so
 * the page always shows what the engine actually runs.
 */
import gptSrc from '../../../wasm/src/model/gpt.cpp?raw';
import layersSrc from '../../../wasm/src/model/layers.cpp?raw';
import optimSrc from '../../../wasm/src/model/optim.cpp?raw';
import paramsSrc from '../../../wasm/src/model/params.cpp?raw';

export const SOURCES: Record<string, string> = {
  'wasm/src/model/gpt.cpp': gptSrc,
  'wasm/src/model/layers.cpp': layersSrc,
  'wasm/src/model/optim.cpp': optimSrc,
  'wasm/src/model/params.cpp': paramsSrc,
};

/** Where each break lives: the file holding its `// BREAK(<name>) begin` marker (so no list of
 * break names is kept here; the names' home is engine/names.ts). */
export const BREAK_FILES: Record<string, string> = Object.fromEntries(
  Object.entries(SOURCES).flatMap(([file, src]) => [...src.matchAll(/\/\/ BREAK\(([\w-]+)\) begin/g)].map((m) => [m[1], file])),
);

export interface CodeLine {
  /** 1-based line number in the file. */
  n: number;
  text: string;
  /** The line that carries the bug (marked `BUG` in the source). */
  bug: boolean;
}

export interface BreakSnippet {
  file: string;
  name: string;
  /** The first line of the function the snippet belongs to, for orientation (may be null). */
  header: CodeLine | null;
  /** From the begin marker to the end marker, both included. */
  lines: CodeLine[];
}

/** Cuts the snippet of `name` out of `src`; throws if the markers are missing or unbalanced. */
export function cutBreak(src: string, name: string, file = ''): BreakSnippet {
  const all = src.split(/\r?\n/);
  const begin = all.findIndex((l) => l.trim() === `// BREAK(${name}) begin`);
  const end = all.findIndex((l, i) => i > begin && l.trim() === `// BREAK(${name}) end`);
  if (begin < 0 || end < 0) throw new Error(`no BREAK(${name}) markers in ${file || 'the source'}`);
  // The function the snippet sits in: walk up from the snippet counting braces until a '{'
  // opens a block around it; the first such block whose opening statement starts at column 0
  // is the function (its first line names it, even when its parameters span several lines).
  let header: CodeLine | null = null;
  let depth = 0;
  for (let i = begin - 1; i >= 0 && !header; i--) {
    const code = all[i].replace(/\/\/.*$/, '');
    for (let c = code.length - 1; c >= 0; c--) {
      if (code[c] === '}') depth++;
      else if (code[c] === '{' && depth-- === 0) {
        depth = 0;
        let k = i;
        while (k > 0 && /^\s/.test(all[k]) && !/[;}]\s*$/.test(all[k - 1]) && all[k - 1].trim() !== '') k--;
        if (/^[A-Za-z_]/.test(all[k])) header = { n: k + 1, text: all[k], bug: false };
        break;
      }
    }
  }
  const lines: CodeLine[] = [];
  for (let i = begin; i <= end; i++) lines.push({ n: i + 1, text: all[i], bug: /\/\/\s*BUG\b/.test(all[i]) });
  return { file, name, header, lines };
}

export function breakSnippet(name: string): BreakSnippet {
  const file = BREAK_FILES[name];
  if (!file) throw new Error(`unknown break "${name}"`);
  return cutBreak(SOURCES[file], name, file);
}
