/**
 * Gossip messages, most recent first (the store keeps the newest 200), with their reach.
 * Picking one fetches `messageSpread` and replays it on the graph.
 */
import { useCallback, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { getApi } from '../api';
import { getGraph } from '../graph/handle';
import { useLabStore, type LabState } from '../store';
import { MessageItem } from './MessageItem';
import { Section } from './Section';

const selectList = (s: LabState) => ({ order: s.messageOrder, messages: s.messages, selected: s.selectedMessage, peers: s.report.degrees.length });

/** Fetches a message's spread and replays it, reporting progress; errors become notices. */
async function replay(id: string, onProgress: (shown: number, total: number) => void): Promise<void> {
  const reply = await getApi().command('messageSpread', { id });
  const { addNotice } = useLabStore.getState();
  if (!reply.ok) {
    addNotice('error', `Replay failed: ${reply.error}`);
    return;
  }
  const graph = getGraph();
  if (graph === null) return;
  graph.replay(reply.result, onProgress);
}

/** The message list (`data-testid="message-list"`). */
export function MessageList() {
  const { order, messages, selected, peers } = useLabStore(useShallow(selectList));
  const [progress, setProgress] = useState<{ id: string; shown: number; total: number } | null>(null);

  const pick = useCallback((id: string) => {
    useLabStore.getState().selectMessage(id);
    void replay(id, (shown, total) => setProgress({ id, shown, total }));
  }, []);

  return (
    <Section title="Messages" className="messages" actions={<span className="count">{order.length}</span>}>
      {order.length === 0 && <p className="muted">No gossip yet. Peers create messages once they have neighbours.</p>}
      <ul className="message-list" data-testid="message-list">
        {order.map((id) => {
          const m = messages.get(id);
          if (m === undefined) return null;
          const p = progress !== null && progress.id === id && progress.shown < progress.total ? progress : null;
          return <MessageItem key={id} message={m} peers={peers} selected={selected === id} progress={p} onPick={pick} />;
        })}
      </ul>
    </Section>
  );
}
