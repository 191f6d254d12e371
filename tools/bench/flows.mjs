// The studio flows the main-thread benchmarks drive, shared by chromium_site.mjs and
// trace_dashboard.mjs. `studio` is the lesson path of the free dashboard flow.
/** What the learner does to train, per flow: get the page ready, start, and wait for the end. */
export const studioFlows = (studio) => ({
  // A studio lesson's free dashboard (--studio; default controls: a break plus a healthy run).
  dashboard: {
    page: studio,
    async prepare(page) {
      const sel = '[data-widget="dashboard"]';
      await page.waitForSelector(`${sel}[data-ready="1"]`, { timeout: 60000 });
    },
    start: (page) => page.click('[data-widget="dashboard"] button.btn-primary'),
    done: (page) => page.waitForFunction(() => document.querySelector('[data-widget="dashboard"]').dataset.state === 'done',
      null, { timeout: 600000, polling: 250 }),
  },
  // Break 00: prediction saved, then the broken model trains, and the evidence (causality sweep,
  // samples, comparison with the prediction) is measured and shown.
  break00: {
    page: 'en/10-break-forgotten-mask/',
    async prepare(page) {
      const W = '[data-widget="break-forgotten-mask"]';
      await page.waitForFunction((W) => document.querySelector(W)?.dataset.ready === '1', W, { timeout: 60000 });
      for (const [q, v] of [['train', 'below'], ['val', 'same'], ['sample', 'broken']])
        await page.check(`${W} fieldset input[name$="-${q}"][value="${v}"]`);
      await page.fill(`${W} textarea`, 'bench');
      await page.locator(W).getByRole('button', { name: 'Save my prediction' }).click();
    },
    start: (page) => page.locator('[data-widget="break-forgotten-mask"]').getByRole('button', { name: 'Train the broken model' }).click(),
    async done(page) {
      await page.waitForSelector('[data-widget="break-forgotten-mask"] .st-ev-sweep', { timeout: 600000 });
      await page.waitForTimeout(1000); // the evidence is drawn
    },
  },
});
