import type { OpReply } from '../../worker/protocol.ts';
import type { AppData } from './app-state.ts';

/** The failed operation the page explains: a click that just failed, or the trace's operation that led to this step. */
export function failureOf(state: Pick<AppData, 'failedClick' | 'currentOp'>): OpReply | null {
  if (state.failedClick) return state.failedClick;
  return state.currentOp && !state.currentOp.ok ? state.currentOp : null;
}
