/**
 * Reading the chaos panel's fields: loss in %, delay and jitter in whole ms, a pause in seconds.
 * An empty field means 0 (no such fault). Each problem is named for its own field, in words.
 */
import { MAX_PAUSE_SECONDS, type LinkFault } from '../../../shared/types';
import { parseNumber } from '../util/parse';

/** Largest delay or jitter the host accepts, ms (core's FAULT_BOUNDS). */
export const MAX_DELAY_MS = 60_000;

/** The fault fields as typed. */
export interface FaultFields {
  loss: string;
  delay: string;
  jitter: string;
}

/** A read fault, or a problem per field. */
export type ReadFault = { ok: true; fault: LinkFault } | { ok: false; errors: Partial<Record<keyof FaultFields, string>> };

function wholeMs(text: string, what: string): { value: number } | { error: string } {
  if (text.trim() === '') return { value: 0 };
  const p = parseNumber(text, what);
  if (!p.ok) return { error: p.error };
  if (!Number.isInteger(p.value) || p.value < 0 || p.value > MAX_DELAY_MS) return { error: `${what} must be a whole number of ms from 0 to ${MAX_DELAY_MS}` };
  return { value: p.value };
}

/** Reads loss (%), delay and jitter (ms) into a fault (loss as a fraction). */
export function readFault(fields: FaultFields): ReadFault {
  const errors: Partial<Record<keyof FaultFields, string>> = {};
  let loss = 0;
  if (fields.loss.trim() !== '') {
    const p = parseNumber(fields.loss, 'loss');
    if (!p.ok) errors.loss = p.error;
    else if (p.value < 0 || p.value > 100) errors.loss = 'loss must be between 0 and 100 %';
    else loss = p.value / 100;
  }
  const delay = wholeMs(fields.delay, 'delay');
  if ('error' in delay) errors.delay = delay.error;
  const jitter = wholeMs(fields.jitter, 'jitter');
  if ('error' in jitter) errors.jitter = jitter.error;
  if (Object.keys(errors).length > 0 || 'error' in delay || 'error' in jitter) return { ok: false, errors };
  return { ok: true, fault: { loss, delayMs: delay.value, jitterMs: jitter.value } };
}

/** Reads a pause length in seconds: a number from 0.1 to {@link MAX_PAUSE_SECONDS}. */
export function readPause(text: string): { ok: true; seconds: number } | { ok: false; error: string } {
  const p = parseNumber(text, 'pause');
  if (!p.ok) return p;
  if (p.value < 0.1 || p.value > MAX_PAUSE_SECONDS) return { ok: false, error: `pause must be from 0.1 to ${MAX_PAUSE_SECONDS} s` };
  return { ok: true, seconds: p.value };
}
