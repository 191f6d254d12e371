#!/usr/bin/env node
// A plain static file server (what GitHub Pages is): no rewrites, no special headers beyond
// content types. Usage: node tools/serve.mjs <dir> [--port 5173] [--base /exam-rule/]
// Serves <dir> under <base>; a folder URL serves its index.html. Also importable: serve().
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.wasm': 'application/wasm', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json', '.cpp': 'text/plain; charset=utf-8',
};

export function serve(dir, { port = 0, base = '/', host = '127.0.0.1' } = {}) {
  const root = resolve(dir);
  if (!base.endsWith('/')) base += '/';
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    let path = decodeURIComponent(url.pathname);
    if (!path.startsWith(base)) return notFound(res);
    path = normalize(join(root, path.slice(base.length)));
    if (!path.startsWith(root)) return notFound(res);
    let st;
    try {
      st = statSync(path);
      if (st.isDirectory()) {
        if (!url.pathname.endsWith('/')) {
          res.writeHead(301, { Location: url.pathname + '/' + url.search });
          return res.end();
        }
        path = join(path, 'index.html');
        st = statSync(path);
      }
    } catch {
      return notFound(res);
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream', 'Content-Length': st.size, 'Cache-Control': 'no-cache' });
    if (req.method === 'HEAD') return res.end();
    createReadStream(path).pipe(res);
  });
  // Like GitHub Pages: a missing path gets the site's 404.html when it has one.
  function notFound(res) {
    const page = join(root, '404.html');
    try {
      const body = readFileSync(page);
      res.writeHead(404, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': body.length });
      return res.end(body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('404 Not Found');
    }
  }
  return new Promise((ok) => server.listen(port, host, () => ok({ server, url: `http://${host}:${server.address().port}${base}` })));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const dir = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--')) ?? 'dist';
  const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
  try {
    statSync(join(dir, 'index.html'));
  } catch {
    console.error(`serve: ${dir}/index.html not found — run "npm run build" first.`);
    process.exit(2);
  }
  const { url } = await serve(dir, { port: Number(opt('--port', process.env.PORT ?? 5173)), base: opt('--base', process.env.BASE ?? '/') });
  console.log(`Exam Rule is being served at ${url}  (Ctrl+C to stop)`);
}
