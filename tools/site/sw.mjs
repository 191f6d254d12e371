// Writes dist/sw.js: the service worker template (sw.template.js) with this build's precache
// list — every file of the site with the SHA-256 of its content — and a version derived from
// that list. A new deploy gives a new version, hence a new cache, filled only with files whose
// content matches the list (see the template): old JS is never served with new WASM.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

export const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');

// Code-unit order, not localeCompare: the list (and the version) must not depend on the build locale.
const byName = (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** [url relative to the site root, sha256] for every file; a folder's index.html is listed as
 * the folder URL ("en/01-exam-rule/"), which is what links and navigations request. */
export function precacheList(outDir) {
  const list = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort(byName)) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        const rel = relative(outDir, p).split(sep).join('/');
        if (rel === 'sw.js') continue;
        list.push([rel.endsWith('index.html') ? rel.slice(0, -'index.html'.length) : rel, sha256(readFileSync(p))]);
      }
    }
  };
  walk(outDir);
  return list;
}

export function writeServiceWorker(outDir) {
  const list = precacheList(outDir);
  const version = sha256(JSON.stringify(list)).slice(0, 16);
  const template = readFileSync(join(here, 'sw.template.js'), 'utf8');
  const code = template
    .replace("'__VERSION__'", JSON.stringify(version))
    .replace('[/* __PRECACHE__ */]', JSON.stringify(list, null, 0).replace(/\],\[/g, '],\n  ['));
  writeFileSync(join(outDir, 'sw.js'), code);
  return { files: list.length, version };
}
