/**
 * The Topology panel: open an edge list (read here with File.text(), parsed and fitted by the
 * host), see its size and power-law fit, and start local peers wired exactly as it says — all its
 * nodes or the first K — with all or K of them creating gossip. The degree panel draws its CCDF
 * beside the live network's.
 */
import { useState, type ChangeEvent, type FormEvent } from 'react';
import type { TopologyStart, TopologySummary } from '../../../shared/types';
import { MAX_TOPOLOGY_TEXT } from '../../../shared/types';
import { useCommand } from '../hooks/useCommand';
import { useLabStore } from '../store';
import { parseNumber } from '../util/parse';
import { Field } from './Field';
import { Section } from './Section';
import { TaskProgress } from './TaskProgress';

/** Longest edge list sent to the host, characters. */
const MAX_TEXT = MAX_TOPOLOGY_TEXT;

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

const describeOpen = (r: TopologySummary): string => `Opened ${r.name}: ${plural(r.nodes, 'node')}, ${plural(r.links, 'link')}`;

/** The start's outcome in one sentence; says when seeds had to be started first. */
function describeStart(r: TopologyStart): string {
  const joined = r.nodes - r.failed;
  return (
    `Started ${plural(joined, 'peer')} wired as ${r.name} (${plural(r.links, 'link')}), ${r.origins.length} creating gossip` +
    (r.failed > 0 ? `, ${r.failed} failed` : '') +
    (r.canceled ? `; canceled, ${r.notStarted ?? 0} not started (the ones started keep running)` : '') +
    (r.seedsStarted.length > 0 ? `; no seed was running, so ${plural(r.seedsStarted.length, 'local seed')} started first` : '')
  );
}

/** An optional whole number typed into a field: undefined when blank. */
function optionalNumber(text: string, what: string): { ok: true; value: number | undefined } | { ok: false; error: string } {
  if (text.trim() === '') return { ok: true, value: undefined };
  return parseNumber(text, what);
}

/** The panel (`data-testid="topology-panel"`). */
export function TopologyPanel() {
  const topology = useLabStore((s) => s.topology);
  const started = useLabStore((s) => s.topologyStart);
  const open = useCommand('openTopology', 'Open edge list', describeOpen);
  const start = useCommand('startTopology', 'Start topology', describeStart);
  const [reading, setReading] = useState(false);
  const [nodes, setNodes] = useState('');
  const [origins, setOrigins] = useState('');
  const [error, setError] = useState<string | null>(null);

  const fail = (text: string): void => {
    setError(text);
    useLabStore.getState().addNotice('error', text);
  };

  const onFile = async (e: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const input = e.currentTarget;
    const file = input.files?.[0];
    if (!file) return;
    setError(null);
    if (file.size > MAX_TEXT * 3) {
      // more bytes than MAX_TEXT characters can take in UTF-8 (3 bytes per UTF-16 unit at most); the rest is checked as text
      fail(`Open edge list: ${file.name} is ${(file.size / 1024 / 1024).toFixed(1)} MiB; at most ${MAX_TEXT / 1024 / 1024} MiB of text`);
      input.value = '';
      return;
    }
    setReading(true);
    let text: string;
    try {
      text = await file.text();
    } catch (err) {
      fail(`Open edge list: cannot read ${file.name}: ${err instanceof Error ? err.message : String(err)}`);
      return;
    } finally {
      setReading(false);
      input.value = ''; // the same file can be opened again
    }
    if (text.length > MAX_TEXT) {
      fail(`Open edge list: ${file.name} has ${(text.length / 1024 / 1024).toFixed(1)} MiB of text; at most ${MAX_TEXT / 1024 / 1024} MiB`);
      return;
    }
    const reply = await open.run({ name: file.name, text });
    if (reply.ok) {
      useLabStore.getState().setTopology(reply.result);
      useLabStore.getState().setTopologyStart(null);
    } else setError(`Open edge list failed: ${reply.error}`);
  };

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    setError(null);
    const k = optionalNumber(nodes, 'node count');
    if (!k.ok) return fail(`Start topology: ${k.error}`);
    const o = optionalNumber(origins, 'origins');
    if (!o.ok) return fail(`Start topology: ${o.error}`);
    void start.run({ nodes: k.value, origins: o.value }).then((reply) => {
      if (reply.ok) useLabStore.getState().setTopologyStart(reply.result);
      else setError(`Start topology failed: ${reply.error}`);
    });
  };

  const fit = topology?.fit ?? null;
  return (
    <Section title="Topology" testId="topology-panel" actions={topology && <span className="count">{plural(topology.nodes, 'node')}</span>}>
      <label className={`btn file-btn ${reading || open.busy ? 'busy' : ''}`}>
        {reading || open.busy ? 'Reading…' : topology ? 'Open another edge list…' : 'Open an edge list…'}
        <input type="file" className="file-input" data-testid="topology-file" accept=".txt,.tsv,.csv,.edges,.el,text/plain" disabled={reading || open.busy} onChange={(e) => void onFile(e)} />
      </label>
      {topology === null ? (
        <p className="hint">Two node ids a line, as SNAP's edge lists (e.g. p2p-Gnutella08.txt); # lines are comments.</p>
      ) : (
        <dl className="kv" data-testid="topology-summary">
          <dt>name</dt>
          <dd data-testid="topology-name" className="topology-name" title={topology.name}>
            {topology.name}
          </dd>
          <dt>nodes</dt>
          <dd data-testid="topology-nodes-count">{topology.nodes}</dd>
          <dt>links</dt>
          <dd data-testid="topology-links-count">{topology.links}</dd>
          <dt>α</dt>
          <dd data-testid="topology-alpha" data-alpha={fit?.alpha ?? ''}>
            {fit ? `${fit.alpha.toFixed(3)} ± ${fit.sigma.toFixed(3)}` : 'not enough data to fit'}
          </dd>
          {fit && (
            <>
              <dt>x_min</dt>
              <dd data-testid="topology-xmin">{fit.xmin}</dd>
              <dt>KS D</dt>
              <dd data-testid="topology-ks">{fit.D.toFixed(4)}</dd>
              <dt>n</dt>
              <dd>
                {fit.n} ({fit.nTail} in the tail)
              </dd>
            </>
          )}
        </dl>
      )}
      <form className="control" onSubmit={submit} noValidate>
        <div className="grid2">
          <Field
            label="Nodes (first K)"
            value={nodes}
            onValue={setNodes}
            testId="topology-nodes"
            type="number"
            min={1}
            max={topology?.nodes}
            placeholder={topology ? `all ${topology.nodes}` : 'all'}
            title="Start only the first K nodes, numbered breadth-first from the best-connected one (a connected piece of the graph)"
          />
          <Field label="Origins" value={origins} onValue={setOrigins} testId="topology-origins" type="number" min={0} placeholder="all" title="How many of the new peers create gossip messages (all forward)" />
        </div>
        <button type="submit" className="btn primary wide" data-testid="start-topology" disabled={topology === null || start.busy} aria-busy={start.busy}>
          {start.busy ? 'Starting…' : 'Start peers wired as this'}
        </button>
      </form>
      <TaskProgress task="startTopology" />
      {started !== null && (
        <p className="hint" data-testid="topology-started">
          {describeStart(started)}. Open files: {started.fds.need} needed{started.fds.limit !== null ? ` of ${started.fds.limit}` : ''}
          {started.fds.inUse !== null ? `, ${started.fds.inUse} open before` : ''}.
        </p>
      )}
      {error !== null && (
        <p className="error-text" data-testid="topology-error" role="alert">
          {error}
        </p>
      )}
    </Section>
  );
}
