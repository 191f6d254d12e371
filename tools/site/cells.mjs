// The `::: cell <id>` directive (code cells, web/src/cells/): its body is the cell's starting
// code in the lesson's language (comments translated, names in English), optionally inside a
// ```python fence. Rendered as <div class="cell" data-cell-id="<id>"> holding the code as a
// <pre>, which is what readers without JavaScript (and print) see; the page turns it into an
// editor and sets data-cell="<lesson id>:<id>". markdown.mjs calls installCells(md, i18n).
import { escapeHtml } from './markdown.mjs';

export function installCells(md, i18n) {
  md.renderer.rules.er_cell = (tokens, i, _o, env) => {
    const { id, body, line } = tokens[i].meta;
    let lines = body;
    if (lines.length && /^\s*```/.test(lines[0])) lines = lines.slice(1);
    if (lines.length && /^\s*```\s*$/.test(lines[lines.length - 1])) lines = lines.slice(0, -1);
    const code = lines.join('\n').replace(/\s+$/, '') + '\n';
    if (!/\bdef\s+\w+\(/.test(code)) env.warn(`line ${line}: cell "${id}" must start with a def line and a docstring`);
    (env.cells ??= []).push(id);
    const t = (sid) => i18n.t(sid, {}, env.lang);
    return (
      `<div class="cell" id="cell-${escapeHtml(id)}" data-cell-id="${escapeHtml(id)}">\n` +
      `<p class="cell-head"><span class="kicker">${t('cells.kicker')}</span> <code>${escapeHtml(id)}</code></p>\n` +
      `<pre class="cell-starter"><code class="language-python">${escapeHtml(code)}</code></pre>\n</div>\n`
    );
  };
}
