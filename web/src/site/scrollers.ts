/**
 * Boxes that scroll sideways on a narrow screen (tables, formulas, code, wide grids) must be
 * reachable with the keyboard to be scrolled: while one overflows it gets tabindex=0 (and a
 * name when it is a plain box), and loses them when it fits again.
 */
import { t } from '../i18n';

const SELECTOR = '.table-wrap, .math-display, pre, .exam-grid, .heatmap, .widget-body';

function update(root: ParentNode) {
  for (const el of root.querySelectorAll<HTMLElement>(SELECTOR)) {
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
}

export function makeScrollersFocusable(root: HTMLElement = document.body) {
  let pending = false;
  const schedule = () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      update(root);
    });
  };
  schedule();
  addEventListener('resize', schedule);
  new MutationObserver(schedule).observe(root, { childList: true, subtree: true });
}
