import type { RenderBudget } from './render-budget';

/**
 * Per-render state the helpers read. It is kept here, not in Handlebars' `@data`, so a template
 * can never reach it: rendering is synchronous, so the render running now is the top of the stack
 * (a stack rather than one slot, so a render started from inside a helper could not clobber it).
 */
export interface RenderState {
  /** The connector's escaping, applied to values only. */
  escape: (value: string) => string;
  variables: Record<string, string>;
  budget: RenderBudget;
  /** Characters the message may still take; output past it is dropped (the renderer marks the cut). */
  room: number;
}

const active: RenderState[] = [];

export function withRenderState<T>(state: RenderState, render: () => T): T {
  active.push(state);
  try {
    return render();
  } finally {
    active.pop();
  }
}

export function currentRenderState(): RenderState {
  const state = active[active.length - 1];
  if (!state) throw new Error('Template helpers run only inside a render');
  return state;
}
