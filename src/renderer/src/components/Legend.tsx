/** The graph legend: node kinds, failure and suspicion marks, injected faults and animation colours. */
import { COLOR, GROUP_TINT, LOOK, type NodeLook } from '../graph/palette';

/** A small inline SVG of a node shape. */
function Swatch({ look }: { look: NodeLook }) {
  const c = look.color;
  const shape =
    look.shape === 'diamond' ? (
      <polygon points="7,1 13,7 7,13 1,7" fill={c} />
    ) : look.shape === 'round-triangle' ? (
      <polygon points="7,1.5 13,12.5 1,12.5" fill={c} strokeLinejoin="round" stroke={c} strokeWidth="1.5" />
    ) : look.shape === 'round-rectangle' ? (
      <rect x="1.5" y="2.5" width="11" height="9" rx="2.5" fill={c} />
    ) : (
      <circle cx="7" cy="7" r="6" fill={c} />
    );
  return (
    <svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true">
      {shape}
    </svg>
  );
}

/** A ring around a node: `dashed` or `dotted`, in `color`. */
function Ring({ color, dash }: { color: string; dash: string }) {
  return (
    <svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true">
      <circle cx="7" cy="7" r="5" fill={LOOK.peerLocal.color} stroke={color} strokeWidth="2" strokeDasharray={dash} />
    </svg>
  );
}

/** A line sample: `dashed` or `dotted`, in `color`. */
function Line({ color, look }: { color: string; look: 'dashed' | 'dotted' }) {
  return <span className={`line-swatch ${look}`} style={{ color }} />;
}

/** Legend box drawn over the graph's lower-left corner. */
export function Legend() {
  return (
    <ul className="legend" aria-label="legend">
      {Object.values(LOOK).map((look) => (
        <li key={look.label}>
          <Swatch look={look} /> {look.label}
        </li>
      ))}
      <li>
        <svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true">
          <circle cx="7" cy="7" r="5.5" fill={COLOR.down} fillOpacity="0.5" stroke={COLOR.down} strokeWidth="1.5" strokeDasharray="2 1.5" />
        </svg>{' '}
        Down / dead (✕)
      </li>
      <li data-testid="legend-suspected">
        <Ring color={COLOR.suspected} dash="2.5 1.5" /> Suspected
      </li>
      <li>
        <Ring color={COLOR.paused} dash="1 1.5" /> Paused
      </li>
      <li>
        <Line color={COLOR.lossy} look="dashed" /> Lossy link
      </li>
      <li>
        <Line color={COLOR.delayed} look="dotted" /> Delayed link
      </li>
      <li>
        <Line color={COLOR.cut} look="dashed" /> Cut (partition)
      </li>
      <li>
        <svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true">
          <circle cx="4.5" cy="7" r="4" fill={GROUP_TINT[0]} fillOpacity="0.6" />
          <circle cx="9.5" cy="7" r="4" fill={GROUP_TINT[1]} fillOpacity="0.6" />
        </svg>{' '}
        Partition groups
      </li>
      <li>
        <span className="line-swatch" style={{ background: COLOR.flash }} /> Gossip hop
      </li>
      <li>
        <span className="line-swatch" style={{ background: COLOR.warn }} /> Liveness miss
      </li>
      <li>
        <span className="line-swatch" style={{ background: COLOR.replay }} /> Replayed spread
      </li>
      <li className="legend-note">size ∝ √degree</li>
    </ul>
  );
}
