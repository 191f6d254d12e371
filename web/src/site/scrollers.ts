/**
 * Boxes that scroll sideways on a narrow screen (tables, formulas, code, wide grids) must be
 * reachable with the keyboard to be scrolled: while one overflows it gets tabindex=0 (and a
 * name when it is a plain box), and loses them when it fits again.
 */
import { t } from '../i18n';
import { afterNextPaint } from '../ui/dom';

const SELECTOR = '.table-wrap, .math-display, pre, .exam-grid, .heatmap, .widget-body';

/** Gives `el` tabindex (and a name) while it overflows sideways; takes them back when it fits. */
function check(el: HTMLElement) {
  const scrolls = el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible';
  if (scrolls && !el.hasAttribute('tabindex')) {
    el.tabIndex = 0;
    el.dataset.scrollFocus = '1';
    if (el.matches('.table-wrap, .math-display')) {
      el.setAttribute('role', 'region');
      el.setAttribute('aria-label', t('a11y.scrollBox'));
    }
  } else if (!scrolls && el.dataset.scrollFocus) {
    el.removeAttribute('tabindex');
    delete el.dataset.scrollFocus;
    if (el.matches('.table-wrap, .math-display')) {
      el.removeAttribute('role');
      el.removeAttribute('aria-label');
    }
  }
}

/**
 * Checks every box once, then after a DOM change only the boxes around the change (a chart that
 * redraws on every frame while a model trains must not make every frame re-measure the whole
 * page), and every box again after a window resize.
 */
export function makeScrollersFocusable(root: HTMLElement = document.body) {
  const dirty = new Set<HTMLElement>();
  let all = true;
  let pending = false;
  const schedule = () => {
    if (pending) return;
    pending = true;
    // Measure just after the next frame is drawn, when layout is clean and reading sizes is
    // free; inside the frame it would force an extra layout of the whole page.
    void afterNextPaint().then(() => {
      pending = false;
      const boxes = all ? root.querySelectorAll<HTMLElement>(SELECTOR) : [...dirty].filter((el) => el.isConnected);
      all = false;
      dirty.clear();
      for (const el of boxes) check(el);
    });
  };
  schedule();
  addEventListener('resize', () => {
    all = true;
    schedule();
  });
  new MutationObserver((records) => {
    for (const r of records) {
      // The boxes that contain the change (nested boxes can all change width), and new boxes.
      const at = r.target instanceof Element ? r.target : r.target.parentElement;
      for (let box = at?.closest<HTMLElement>(SELECTOR); box; box = box.parentElement?.closest<HTMLElement>(SELECTOR)) dirty.add(box);
      for (const n of r.addedNodes) {
        if (!(n instanceof HTMLElement)) continue;
        if (n.matches(SELECTOR)) dirty.add(n);
        for (const el of n.querySelectorAll<HTMLElement>(SELECTOR)) dirty.add(el);
      }
    }
    if (dirty.size > 0) schedule();
  }).observe(root, { childList: true, subtree: true });
}
