/**
 * Gossip messages, most recent first (the store keeps the newest 200), with their reach.
 * Picking one fetches `messageSpread` and replays it on the graph. The list is one tab stop
 * (a roving tabindex): Tab reaches one message, the arrow keys, Home and End move among them, and
 * Tab leaves the list — so the keyboard does not walk through 200 messages to reach the panels.
 */
import { useCallback, useRef, useState, type KeyboardEvent } from 'react';
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
  const [focused, setFocused] = useState<string | null>(null);
  const listRef = useRef<HTMLUListElement>(null);
  // the one message Tab reaches: the one last focused, else the selected one, else the newest
  const active = [focused, selected].find((id) => id !== null && id !== undefined && messages.has(id)) ?? order[0];

  const pick = useCallback((id: string) => {
    useLabStore.getState().selectMessage(id);
    void replay(id, (shown, total) => setProgress({ id, shown, total }));
  }, []);

  const onKeyDown = (e: KeyboardEvent<HTMLUListElement>): void => {
    const next = rovingTarget(order, active, e.key);
    if (next === undefined) return;
    e.preventDefault();
    setFocused(next);
    listRef.current?.querySelector<HTMLButtonElement>(`[data-id="${next}"]`)?.focus();
  };

  return (
    <Section title="Messages" className="messages" actions={<span className="count">{order.length}</span>}>
      {order.length === 0 && <p className="muted">No gossip yet. Peers create messages once they have neighbours.</p>}
      <ul className="message-list" data-testid="message-list" aria-label="Messages (arrow keys move, Enter replays)" ref={listRef} onKeyDown={onKeyDown}>
        {order.map((id) => {
          const m = messages.get(id);
          if (m === undefined) return null;
          const p = progress !== null && progress.id === id && progress.shown < progress.total ? progress : null;
          return <MessageItem key={id} message={m} peers={peers} selected={selected === id} progress={p} onPick={pick} tabStop={id === active} onFocusItem={setFocused} />;
        })}
      </ul>
    </Section>
  );
}

/**
 * Where a key moves the focus in a roving-tabindex list: ArrowDown/ArrowUp to the next/previous
 * id, Home/End to the first/last; undefined for other keys or when there is nowhere to go.
 */
export function rovingTarget(order: readonly string[], current: string | undefined, key: string): string | undefined {
  if (order.length === 0) return undefined;
  const i = current === undefined ? -1 : order.indexOf(current);
  switch (key) {
    case 'ArrowDown':
      return order[Math.min(order.length - 1, i + 1)];
    case 'ArrowUp':
      return order[Math.max(0, i - 1)];
    case 'Home':
      return order[0];
    case 'End':
      return order[order.length - 1];
    default:
      return undefined;
  }
}
