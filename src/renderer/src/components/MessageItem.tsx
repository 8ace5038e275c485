/** One gossip message in the list: text, origin, time and how many peers it reached. */
import { memo } from 'react';
import type { UiMessage } from '../../../shared/types';

/** Props of {@link MessageItem}. */
export interface MessageItemProps {
  message: UiMessage;
  /** Live peers now (for the "of N" part), 0 when unknown. */
  peers: number;
  selected: boolean;
  /** Replay progress while this message replays: receipts shown / total. */
  progress: { shown: number; total: number } | null;
  onPick: (id: string) => void;
  /** True for the one message of the list that Tab reaches (roving tabindex). */
  tabStop: boolean;
  /** This message got the focus. */
  onFocusItem: (id: string) => void;
}

/** A clickable message row (`data-testid="message-item"`); clicking replays its spread. */
export const MessageItem = memo(function MessageItem({ message, peers, selected, progress, onPick, tabStop, onFocusItem }: MessageItemProps) {
  const time = new Date(message.at).toLocaleTimeString();
  return (
    <li>
      <button type="button" className={`message ${selected ? 'selected' : ''}`} data-testid="message-item" data-id={message.id}
        tabIndex={tabStop ? 0 : -1}
        onFocus={() => onFocusItem(message.id)}
        onClick={() => onPick(message.id)} title="Replay how this message spread">
        <span className="message-text">{message.text}</span>
        <span className="message-meta">
          <span className="message-origin">{message.origin}</span>
          <span>{time}</span>
        </span>
        <span className="message-reach">
          reached <b data-testid="message-reached">{message.reached}</b>
          {/* peers that had it and have left since count in `reached` but not among the live */}
          {peers > 0 && <span className="muted">{message.reached <= peers ? ` / ${peers}` : ` · ${peers} live now`}</span>}
          {progress !== null && (
            <span className="replaying">
              {' '}
              ▶ {progress.shown}/{progress.total}
            </span>
          )}
        </span>
      </button>
    </li>
  );
});
