import { LINK_LIMITS, MAX_LINK_CHARS } from '../../core/scenario/limits.ts';
import { idCountOf } from '../../core/scenario/program.ts';
import type { Scenario } from '../../core/scenario/scenario.ts';

/**
 * What `share` gives for a scenario: a link (`#s=...`), or, for a scenario
 * too large for one, the reason and the offer of a `.json` file. A link is
 * canonical: the same scenario always gives the same fragment.
 */
export type ShareChoice = { readonly kind: 'link'; readonly fragment: string } | { readonly kind: 'file'; readonly message: string };

/**
 * The link for `s`, or why it must be a file: more operations or ids than a
 * link may hold (checked first, O(ops), so that a huge trace is not encoded
 * for nothing), or a fragment longer than MAX_LINK_CHARS. `s` must be a
 * restored scenario (scenarioOfPage's). O(ops).
 */
export async function chooseShare(s: Scenario): Promise<ShareChoice> {
  const ops = s.ops.length;
  if (ops > LINK_LIMITS.maxOps) {
    return file(`this scenario is too large for a link (${count(ops)} operations; a link holds at most ${count(LINK_LIMITS.maxOps)}): download it as a file instead`);
  }
  const ids = idCountOf(s.ops);
  if (ids > LINK_LIMITS.maxIds) {
    return file(`this scenario is too large for a link (${count(ids)} blocks; a link holds at most ${count(LINK_LIMITS.maxIds)}): download it as a file instead`);
  }
  // The link codec loads on the first share (or link opened): most visits never need it.
  const { shareScenario } = await import('../../core/scenario/link.ts');
  const outcome = await shareScenario(s);
  if (outcome.kind === 'link') return outcome;
  return file(
    `this scenario is too large for a link (${count(outcome.length)} characters; the limit is ${count(MAX_LINK_CHARS)}): download it as a file instead`,
  );
}

function file(message: string): ShareChoice {
  return { kind: 'file', message };
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}
