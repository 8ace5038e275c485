/**
 * Seeded randomness. Every random choice a node makes (which seeds to register with, which
 * neighbours to pick) goes through a {@link Random}, so a given seed reproduces a run.
 * The generator is xoroshiro128+ from the pure-rand library.
 */
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';

/** A source of uniform random numbers. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
}

/** A seeded xoroshiro128+ generator: the same seed gives the same sequence. */
export function seededRandom(seed: number): Random {
  const rng = xoroshiro128plus(seed | 0);
  return {
    // 53 random bits → [0, 1)
    next: () => (uniformInt(rng, 0, 2 ** 26 - 1) * 2 ** 27 + uniformInt(rng, 0, 2 ** 27 - 1)) / 2 ** 53,
    int: (min, max) => uniformInt(rng, min, max),
  };
}

/** A generator seeded from the system's entropy, for runs that need not be reproduced. */
export function unseededRandom(): Random {
  return seededRandom(Math.floor(Math.random() * 2 ** 31));
}

/** Fisher–Yates shuffle into a new array (Knuth, TAOCP vol. 2, Algorithm P). */
export function shuffle<T>(items: readonly T[], random: Random): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
