/**
 * Notices (errors and infos), newest first, over the graph's top-right corner. Errors stay until
 * dismissed; infos fade out after a few seconds. The newest few are shown; the rest on demand. A
 * notice that repeats shows once with its count ("… (×3)"; the store coalesces them).
 */
import { useEffect, useRef, useState } from 'react';
import { useLabStore } from '../store';

/** How long an info notice stays, ms. */
const INFO_TTL_MS = 8000;
/** Notices shown while collapsed. */
const COLLAPSED = 4;

/** The notice stack (`data-testid="notice"` per notice, `data-level` = error | info). */
export function NoticeList() {
  const notices = useLabStore((s) => s.notices);
  const dismiss = useLabStore((s) => s.dismissNotice);
  const clear = useLabStore((s) => s.clearNotices);
  const [expanded, setExpanded] = useState(false);
  /** Each info notice's fade timer, with the time of the repeat it was started for. */
  const timers = useRef(new Map<number, { at: number; handle: ReturnType<typeof setTimeout> }>());

  useEffect(() => {
    const live = new Map(notices.map((n) => [n.id, n.at]));
    for (const n of notices) {
      const known = timers.current.get(n.id);
      if (n.level !== 'info' || known?.at === n.at) continue;
      if (known) clearTimeout(known.handle); // a repeat: it stays its full time again
      timers.current.set(n.id, {
        at: n.at,
        handle: setTimeout(() => {
          timers.current.delete(n.id);
          useLabStore.getState().dismissNotice(n.id);
        }, INFO_TTL_MS),
      });
    }
    for (const [id, t] of timers.current) {
      if (!live.has(id)) {
        clearTimeout(t.handle);
        timers.current.delete(id);
      }
    }
  }, [notices]);

  useEffect(() => {
    const all = timers.current;
    return () => {
      for (const t of all.values()) clearTimeout(t.handle);
      all.clear();
    };
  }, []);

  if (notices.length === 0) return null;
  const shown = expanded ? notices : notices.slice(0, COLLAPSED);
  return (
    <div className={`notices ${expanded ? 'expanded' : ''}`} aria-live="polite">
      {shown.map((n) => (
        <div key={n.id} className={`notice ${n.level}`} data-testid="notice" data-level={n.level} role={n.level === 'error' ? 'alert' : 'status'}>
          <span className="notice-icon" aria-hidden="true">
            {n.level === 'error' ? '!' : 'i'}
          </span>
          <span className="notice-text">{n.text}</span>
          {n.count > 1 && (
            <span className="notice-count" data-testid="notice-count" title={`${n.count} times`}>
              (×{n.count})
            </span>
          )}
          <button type="button" className="notice-close" aria-label="dismiss" onClick={() => dismiss(n.id)}>
            ×
          </button>
        </div>
      ))}
      <div className="notices-foot">
        {notices.length > COLLAPSED && (
          <button type="button" className="link" onClick={() => setExpanded((e) => !e)}>
            {expanded ? 'show fewer' : `show all ${notices.length}`}
          </button>
        )}
        {notices.length > 1 && (
          <button type="button" className="link" onClick={clear}>
            clear all
          </button>
        )}
      </div>
    </div>
  );
}
