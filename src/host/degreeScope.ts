/**
 * Degree measurement by scope: which running peers the degree report, its fit and the exports
 * count — `local` ones (started here), `remote` ones (seen through a watched remote seed) or
 * `both`. Whatever the scope, a peer's degree is its number of drawn links ({@link TopologyModel}):
 * every link it has, to local and to remote peers alike — for a remote peer, the links its own
 * neighbour list (polled by the remote observer) and its neighbours' lists show.
 */
import type { DegreeReport, DegreeScope, UiNode } from '../shared/types';
import { degreeReport } from './degreeReport';
import type { TopologyModel } from './topology';

/** What each scope measures, in words (the CSV export's comment line). */
export const SCOPE_DESCRIPTION: Readonly<Record<DegreeScope, string>> = {
  local: 'the running peers started in this app',
  remote: 'the running peers of the watched remote networks',
  both: 'every running peer drawn, local and remote',
};

/** True when `n` is a running peer that `scope` measures. */
export function inScope(n: UiNode, scope: DegreeScope): boolean {
  return n.role === 'peer' && n.life === 'up' && (scope === 'both' || n.origin === scope);
}

/** The running peers of `scope` with their degrees (every drawn link), in the order they appeared. */
export function degreeRows(model: TopologyModel, scope: DegreeScope): Array<[string, number]> {
  return model
    .allNodes()
    .filter((n) => inScope(n, scope))
    .map((n) => [n.id, n.degree]);
}

/** The degree report of `scope`'s peers: degrees, fit, histogram, CCDF, fitted line. */
export function scopedDegreeReport(model: TopologyModel, scope: DegreeScope): DegreeReport {
  return degreeReport(
    degreeRows(model, scope).map(([, d]) => d),
    scope,
  );
}
