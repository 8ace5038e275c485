/** The graph legend: node kinds, failure marks and animation colours. */
import { COLOR, LOOK, type NodeLook } from '../graph/palette';

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
