/**
 * What a peer says when its registration falls short of a majority of seeds and it waits to try
 * again: which seeds failed and why, in a word where there is one (ECONNREFUSED, timed out), and
 * when it retries and gives up.
 */
import type { JoinRetry } from './seedClient';

/** `connect to H:P failed: ECONNREFUSED` → `ECONNREFUSED`; `… timed out after N ms` → `timed out`; else the reason. */
export function shortReason(reason: string): string {
  const failed = /^connect to .+ failed: (\S+)$/.exec(reason);
  if (failed) return failed[1]!;
  if (/^connect to .+ timed out/.test(reason)) return 'timed out';
  return reason;
}

/** Seconds for a message: `0.5 s`, `2 s`, `58 s`. */
export function seconds(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  return `${s >= 10 ? Math.round(s) : Math.round(s * 10) / 10} s`;
}

/**
 * One line for a retry, e.g. `seed 10.0.0.5:6000 not reachable yet (ECONNREFUSED); retrying in 2 s, giving up in 58 s`.
 * A seed that answered but did not register the peer (busy, full, …) "did not register this peer yet".
 */
export function formatJoinRetry(r: JoinRetry): string {
  const parts = r.failed.map(({ seed, reason }) =>
    /^connect to /.test(reason) ? `seed ${seed} not reachable yet (${shortReason(reason)})` : `seed ${seed} did not register this peer yet (${reason})`,
  );
  const progress = r.registered > 0 ? `; registered with ${r.registered} of the ${r.need} seeds needed` : '';
  const when =
    r.remainingMs !== undefined
      ? `retrying in ${seconds(r.waitMs)}, giving up in ${seconds(r.remainingMs)}`
      : `retrying in ${seconds(r.waitMs)} (retry ${r.retry} of ${r.retries ?? '?'})`;
  return `${parts.join('; ') || 'no majority of seeds yet'}${progress}; ${when}`;
}
