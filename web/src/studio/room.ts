/**
 * What every studio room that keeps the learner's work (an exercise, the blind lab) sets up the
 * same way from its widget context: the page's strings, a run manager on the page's engine, a
 * status line, a reader of saved progress that sets aside a value of the wrong shape and says so
 * (saved.ts), and the run length (the page's `steps=` parameter, else the studio's recipe).
 */
import { StatusLine } from '../ui/status';
import type { WidgetContext } from '../ui/types';
import { RunManager, STUDIO_STEPS } from './runner';
import { savedReader } from './saved';
import { parseSteps } from './share';

export abstract class StudioRoom {
  protected readonly t: WidgetContext['t'];
  protected readonly mgr: RunManager;
  protected readonly status: StatusLine;
  protected readonly read: <T>(key: string) => T | undefined;
  protected readonly steps: number;

  constructor(protected readonly ctx: WidgetContext, params: Record<string, string>) {
    const t = (this.t = ctx.t);
    this.mgr = new RunManager(ctx.engine);
    this.status = new StatusLine(ctx);
    this.read = savedReader(ctx.store, (key) => this.status.show(t('studio.savedBad', { key })));
    this.steps = parseSteps(params.steps ?? '') ?? STUDIO_STEPS;
  }
}
