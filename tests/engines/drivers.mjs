// One small interface over three browser engines, so every engine runs the same page-side steps:
//   const b = await launch('firefox' | 'webkit' | 'chromium', { env });
//   await b.open(url);                 // navigate and wait for the load event
//   await b.run(fn, arg);              // run fn(arg) in the page (may be async), JSON result back
//   await b.waitFor(fn, arg, ms);      // poll fn(arg) until truthy
//   await b.problems();                // console errors and uncaught errors since the last call
//                                      // (WebKit: since the current page loaded)
//   await b.close();
// Chromium: playwright-core. Firefox: puppeteer-core over WebDriver BiDi (Debian's firefox-esr).
// WebKit: WebKitGTK's WebKitWebDriver + MiniBrowser on a private Xvfb, spoken to with plain fetch
// calls (classic WebDriver). Classic WebDriver exposes no console log, so the WebKit pages are
// served with a first script that records errors (see site.mjs); problems() reads it.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { chromium } from 'playwright-core';
import puppeteer from 'puppeteer-core';
import { LAUNCH_ARGS } from '../browser/helpers.mjs';

export const FIREFOX = '/usr/lib/firefox-esr/firefox-esr';
export const MINIBROWSER = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

/** Polls `check()` until it returns something truthy; throws with `what` after `ms`. */
async function poll(check, ms, what) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(100);
  }
}

export async function launch(engine, opts = {}) {
  if (engine === 'chromium') return launchChromium();
  if (engine === 'firefox') return launchFirefox(opts);
  if (engine === 'webkit') return launchWebKit(opts);
  throw new Error(`unknown engine ${engine}`);
}

/** Failed loads of the current page as its capture script saw them (the BiDi and CDP logs
 * do not report every failed subresource). */
const failedLoads = () => (window.__pageProblems || []).filter((p) => p.startsWith('failed to load'));

/** What the three drivers share once `evaluate(fn, arg)` is defined (the drivers send the
 * function's source; the protocol runs it outside the page's CSP, which forbids eval). */
function common(evaluate, extra) {
  const b = {
    run: (fn, arg = null) => evaluate(fn, arg),
    waitFor: (fn, arg = null, ms = 15000) => poll(() => b.run(fn, arg), ms, fn.toString().slice(0, 120)),
    ...extra,
  };
  return b;
}

async function launchChromium() {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: LAUNCH_ARGS });
  const page = await browser.newPage();
  const errors = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  const evaluate = (fn, arg) => page.evaluate(fn, arg);
  return common(evaluate, {
    name: 'chromium',
    version: browser.version(),
    open: (url) => page.goto(url, { waitUntil: 'load' }),
    problems: async () => [...errors.splice(0), ...(await evaluate(failedLoads))],
    close: () => browser.close(),
  });
}

async function launchFirefox() {
  const browser = await puppeteer.launch({
    browser: 'firefox', executablePath: FIREFOX, headless: true, protocol: 'webDriverBiDi',
    // No telemetry, updates or remote settings: nothing but the test server is contacted.
    extraPrefsFirefox: { 'app.update.enabled': false, 'datareporting.policy.dataSubmissionEnabled': false, 'browser.safebrowsing.malware.enabled': false },
  });
  const page = await browser.newPage();
  const errors = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message ?? e}`));
  const evaluate = (fn, arg) => page.evaluate(fn, arg);
  return common(evaluate, {
    name: 'firefox',
    version: await browser.version(),
    open: (url) => page.goto(url, { waitUntil: 'load' }),
    problems: async () => [...errors.splice(0), ...(await evaluate(failedLoads))],
    close: () => browser.close(),
  });
}

const freePort = () =>
  new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });

/** A private X server for MiniBrowser (it has no headless mode). Started directly rather than
 * through xvfb-run, which needs xauth (only recommended by Debian's xvfb package, so absent
 * after an install without recommends); -displayfd picks a free display and tells us which. */
function startXvfb() {
  const x = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
  let err = '';
  x.stderr.on('data', (d) => (err += d));
  return new Promise((ok, fail) => {
    let out = '';
    x.stdio[3].on('data', (d) => {
      out += d;
      if (out.includes('\n')) ok({ display: `:${out.trim()}`, stop: () => x.kill('SIGTERM') });
    });
    x.once('error', fail);
    x.once('exit', (code) => fail(new Error(`Xvfb exited (${code}): ${err.trim()}`)));
  });
}

/** WebKitWebDriver on a private X server; `env` is the browser's process environment (the
 * locale the page sees as its default comes from LANG / LC_ALL). */
async function launchWebKit({ env = {} } = {}) {
  const [port, xvfb] = await Promise.all([freePort(), startXvfb()]);
  const proc = spawn('WebKitWebDriver', [`--port=${port}`], {
    env: { ...process.env, ...env, DISPLAY: xvfb.display }, stdio: ['ignore', 'ignore', 'pipe'], detached: true,
  });
  let stderr = '';
  proc.stderr.on('data', (d) => (stderr += d));
  const root = `http://127.0.0.1:${port}`;
  const call = async (method, path, body) => {
    const res = await fetch(root + path, { method, headers: { 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
    const json = await res.json();
    if (!res.ok) throw new Error(`WebDriver ${method} ${path}: ${json.value?.error}: ${json.value?.message}`);
    return json.value;
  };
  const kill = () => {
    try {
      process.kill(-proc.pid, 'SIGTERM'); // the process group: the driver and its MiniBrowser
    } catch {}
    xvfb.stop();
  };
  let session;
  try {
    await poll(() => fetch(root + '/status').then((r) => r.ok, () => false), 20000, `WebKitWebDriver (${stderr.trim()})`);
    session = await call('POST', '/session', {
      capabilities: { alwaysMatch: { 'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] } } },
    });
  } catch (e) {
    kill();
    throw e;
  }
  const sid = `/session/${session.sessionId}`;
  await call('POST', `${sid}/timeouts`, { script: 300000, pageLoad: 60000 });
  // Runs fn(arg); the outcome travels as { ok } or { err } so a page exception is reported as such.
  const evaluate = async (fn, arg) => {
    const src = fn.toString();
    const script = `const done = arguments[1];
      Promise.resolve().then(() => (${src})(arguments[0]))
        .then((v) => done({ ok: v === undefined ? null : v }), (e) => done({ err: String(e && e.stack || e) }));`;
    const out = await call('POST', `${sid}/execute/async`, { script, args: [arg] });
    if (out && 'err' in out) throw new Error(`in WebKit page: ${out.err}`);
    return out?.ok;
  };
  return common(evaluate, {
    name: 'webkit',
    version: session.capabilities.browserVersion,
    open: (url) => call('POST', `${sid}/url`, { url }),
    // Recorded by the capture script that site.mjs puts first in every page.
    problems: () => evaluate(() => window.__pageProblems || ['(no capture script in this page)'], null),
    async close() {
      await call('DELETE', sid).catch(() => {});
      kill();
    },
  });
}
