/**
 * Applies label culling (./labels.ts) to a cytoscape graph: measures each node's label with the
 * stylesheet's font, keeps the selected node's and then the highest-degree ones that overlap no
 * label kept before, and marks them with the `labelled` class (the stylesheet draws only those,
 * and the selected node's). Runs when positions, the node set or the selection change —
 * debounced, since a layout moves every node.
 */
import type { Core, NodeSingular } from 'cytoscape';
import { cullLabels, labelBox, type LabelCandidate } from './labels';
import { LABEL_FONT, LABEL_MARGIN_PX, labelFontPx } from './style';

/** Room kept around each label, model px (covers rounding between this measure and the renderer's). */
const LABEL_PAD_PX = 3;
/** Wait after the last change before culling again, ms. */
const DEBOUNCE_MS = 120;

/** Measures label text at the stylesheet's font (1 px), cached by text. */
class TextMeasure {
  private readonly ctx: CanvasRenderingContext2D | null;
  private readonly cache = new Map<string, number>();

  constructor() {
    const canvas = typeof document !== 'undefined' ? document.createElement('canvas') : null;
    this.ctx = canvas?.getContext('2d') ?? null;
    if (this.ctx) this.ctx.font = `100px ${LABEL_FONT}`;
  }

  /** Width of `text` at a font size of `px`, model px. */
  width(text: string, px: number): number {
    let w = this.cache.get(text);
    if (w === undefined) {
      w = this.ctx ? this.ctx.measureText(text).width / 100 : text.length * 0.62;
      this.cache.set(text, w);
    }
    return w * px;
  }
}

/** Keeps the `labelled` class on the nodes whose labels are drawn. */
export class LabelLayer {
  private readonly measure = new TextMeasure();
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly cy: () => Core) {}

  /** Culls again soon (debounced). */
  schedule(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.update();
    }, DEBOUNCE_MS);
  }

  /** Culls now: marks the labels to draw. */
  update(): void {
    const cy = this.cy();
    if (cy.destroyed()) return;
    const candidates: LabelCandidate[] = [];
    cy.nodes().forEach((n: NodeSingular) => {
      const degree = Number(n.data('degree')) || 0;
      const fontPx = labelFontPx(degree);
      const p = n.position();
      const box = labelBox(p.x, p.y, Number(n.data('size')) || 14, { textWidth: this.measure.width(n.id(), fontPx), fontPx, margin: LABEL_MARGIN_PX, pad: LABEL_PAD_PX });
      // the selected node's label first, then seeds (few, and named in the panels), then by degree
      const priority = (n.selected() ? 1e9 : 0) + (n.data('role') === 'seed' ? 1e6 : 0) + degree;
      candidates.push({ id: n.id(), box, priority });
    });
    const kept = cullLabels(candidates);
    cy.batch(() => {
      cy.nodes().forEach((n: NodeSingular) => {
        const want = kept.has(n.id());
        if (want !== n.hasClass('labelled')) n.toggleClass('labelled', want);
      });
    });
  }

  /** Stops the pending pass. */
  destroy(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
