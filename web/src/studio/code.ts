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
  /** The enclosing function's first line, for orientation (may be null). */
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
  // The nearest line above that opens a function or a loop body, to say where the snippet sits.
  let header: CodeLine | null = null;
  for (let i = begin - 1; i >= 0 && i >= begin - 12; i--)
    if (/^\S.*\)\s*(const\s*)?\{\s*$/.test(all[i]) || /^\s*(for|void|const|float|int|double)\b.*\{\s*$/.test(all[i])) {
      header = { n: i + 1, text: all[i], bug: false };
      if (/^\S/.test(all[i])) break; // a top-level function: stop here
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
