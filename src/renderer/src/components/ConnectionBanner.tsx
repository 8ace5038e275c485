/** A strip above the graph while the connection to the host is lost. */
import { useLabStore } from '../store';

/** Says the connection is lost and the graph is stale; nothing while connected. */
export function ConnectionBanner() {
  const lost = useLabStore((s) => s.connection === 'lost');
  if (!lost) return null;
  return (
    <div className="conn-banner" role="alert">
      Connection to the host lost — reconnecting… <span>The graph shows the last known state.</span>
    </div>
  );
}
