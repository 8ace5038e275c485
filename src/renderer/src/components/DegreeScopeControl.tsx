/**
 * Which peers the degree panel measures (`setDegreeScope`): local + remote (the default: every
 * live peer drawn), local only, or remote only. A small segmented control; the host answers with a
 * `degrees` event of the new scope, so the histogram, the CCDF, the fit and both exports follow.
 */
import { useEffect, useState } from 'react';
import type { DegreeScope } from '../../../shared/types';
import { DEGREE_SCOPES } from '../../../shared/types';
import { SCOPE_LABEL } from '../charts/degreeData';
import { useCommand } from '../hooks/useCommand';
import { useLabStore } from '../store';

/** The short word on each segment (the full label is its tooltip). */
const SHORT: Readonly<Record<DegreeScope, string>> = { both: 'Both', local: 'Local', remote: 'Remote' };

/** The scope segments (`data-testid="degree-scope-<scope>"`, `aria-pressed` on the one shown). */
export function DegreeScopeControl() {
  const scope = useLabStore((s) => s.report.scope);
  const { run, busy } = useCommand('setDegreeScope', 'Degree scope');
  // the segment just chosen, until the host's report of that scope arrives
  const [asked, setAsked] = useState<DegreeScope | null>(null);
  useEffect(() => {
    if (asked === scope) setAsked(null);
  }, [asked, scope]);
  const shown = asked ?? scope;
  const choose = (next: DegreeScope): void => {
    if (next === shown) return;
    setAsked(next);
    void run({ scope: next }).then((reply) => {
      if (!reply.ok) setAsked(null);
    });
  };
  return (
    <div className="segmented" role="group" aria-label="Peers measured" data-testid="degree-scope" data-scope={scope}>
      {DEGREE_SCOPES.map((s) => (
        <button
          key={s}
          type="button"
          className={`segment ${s === shown ? 'on' : ''}`}
          aria-pressed={s === shown}
          disabled={busy && s !== shown}
          title={`Measure the ${SCOPE_LABEL[s]}`}
          data-testid={`degree-scope-${s}`}
          onClick={() => choose(s)}
        >
          {SHORT[s]}
        </button>
      ))}
    </div>
  );
}
