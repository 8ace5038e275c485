/**
 * Reading numbers typed by the user. Anything that reads as a number is passed on as given (the
 * host validates ranges and says what is wrong); only text that is not a number at all is
 * refused here, with a message naming the field.
 */

/** A parsed field: its number, or an error line for the user. */
export type Parsed = { ok: true; value: number } | { ok: false; error: string };

/** Decimal notation: optional sign, digits, optional fraction and exponent. */
const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * Reads a number typed into a field.
 * @param text what the user typed
 * @param what the field's name, for the error (`port`, `peer count`, …)
 */
export function parseNumber(text: string, what: string): Parsed {
  const t = text.trim();
  if (t === '') return { ok: false, error: `${what} is empty — enter a number` };
  if (!NUMERIC.test(t)) return { ok: false, error: `${what} must be a number, got “${t.slice(0, 40)}”` };
  return { ok: true, value: Number(t) };
}
