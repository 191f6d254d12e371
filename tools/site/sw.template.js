/* Exam Rule service worker, generated at build time by tools/site/sw.mjs from
 * tools/site/sw.template.js. After the first visit the whole site (pages, scripts, styles,
 * fonts and the engine's .wasm) is served from a cache named after this build's version.
 *
 * Consistency across deploys: the cache of a version is filled only with files whose SHA-256
 * matches this build's list (a file from another deploy makes the install fail, and the old
 * version keeps serving). A new version waits until the learner accepts it (or every tab of
 * the old one is closed); activating it deletes the old caches. */
const VERSION = '__VERSION__';
const PRECACHE = [/* __PRECACHE__ */];
// The code cells' Python runtime: cached the first time a cell asks for it (same hash check),
// so a learner who never runs a cell never downloads it, and one who did can run cells offline.
const ON_DEMAND = [/* __ON_DEMAND__ */];
const PREFIX = 'exam-rule-';
const CACHE = PREFIX + VERSION;

const hex = (buf) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');
const urlOf = (path) => new URL(path, self.registration.scope).href; // the site root (sw.js lives there)

async function fill() {
  const cache = await caches.open(CACHE);
  await Promise.all(
    PRECACHE.map(async ([path, hash]) => {
      const url = urlOf(path);
      const res = await fetch(url, { cache: 'no-store' });
      if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
      const body = await res.arrayBuffer();
      if (hex(await crypto.subtle.digest('SHA-256', body)) !== hash)
        throw new Error(`${path} does not belong to version ${VERSION} (a deploy in progress?)`);
      await cache.put(url, new Response(body, { status: 200, headers: res.headers }));
    }),
  );
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    fill().catch(async (e) => {
      console.warn(`exam-rule: offline copy not installed: ${e.message}`);
      await caches.delete(CACHE); // never keep a half-filled or mixed cache
      throw e;
    }),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key.startsWith(PREFIX) && key !== CACHE) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'SKIP_WAITING') self.skipWaiting();
  if (event.data && event.data.type === 'VERSION') event.source?.postMessage({ type: 'VERSION', version: VERSION });
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  event.respondWith(respond(req, url));
});

async function fetchOnDemand(cache, url, hash) {
  const res = await fetch(url, { cache: 'no-store' });
  if (!res.ok) return res;
  const body = await res.arrayBuffer();
  // a file of another deploy is served but not kept (the page's version will update)
  if (hex(await crypto.subtle.digest('SHA-256', body)) === hash)
    await cache.put(url, new Response(body.slice(0), { status: 200, headers: res.headers }));
  return new Response(body, { status: 200, headers: res.headers });
}

async function respond(req, url) {
  let key = url.origin + url.pathname;
  if (key.endsWith('/index.html')) key = key.slice(0, -'index.html'.length);
  const cache = await caches.open(CACHE);
  const hit = await cache.match(key);
  if (hit) return hit;
  const lazy = ON_DEMAND.find(([path]) => urlOf(path) === key);
  if (lazy) return fetchOnDemand(cache, key, lazy[1]);
  // A folder asked for without its slash: redirect, like the static server does.
  if (req.mode === 'navigate' && !key.endsWith('/') && (await cache.match(key + '/')))
    return Response.redirect(url.pathname + '/' + url.search, 301);
  try {
    return await fetch(req);
  } catch (e) {
    // Offline, a page never cached: the site's own "not found" page (both languages), not the
    // browser's error page.
    const missing = req.mode === 'navigate' ? await cache.match(urlOf('404.html')) : undefined;
    if (missing) return new Response(missing.body, { status: 404, headers: missing.headers });
    throw e;
  }
}
