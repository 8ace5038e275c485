/**
 * Neighbour choice by preferential attachment: a candidate is picked with probability
 * proportional to its degree + 1 (Barabási & Albert, "Emergence of scaling in random networks",
 * Science 286, 1999; the +1 lets a peer of degree 0 be picked). Peers that each pick m neighbours
 * this way grow a network whose degrees follow a power law.
 */
import type { Random } from '../random';

/** A candidate neighbour: anything with a key and a degree. */
export interface Candidate {
  key: string;
  degree: number;
}

/**
 * Orders all candidates by weighted sampling without replacement, weight = degree + 1, so taking
 * the first m gives m distinct neighbours drawn by preferential attachment, and the rest are the
 * fall-backs, in the order they would have been drawn, for when a dial fails.
 *
 * Uses the exponential-key method of Efraimidis & Spirakis, "Weighted random sampling with a
 * reservoir", Information Processing Letters 97(5), 2006: key = −ln(u) / w, ascending.
 * The result depends only on the candidates' order and the random source: give them in an order
 * that does not depend on chance (the seeds' list order, which is registration order), and a
 * seeded source reproduces the choice.
 */
export function preferentialOrder<T extends Candidate>(candidates: readonly T[], random: Random): T[] {
  return candidates
    .map((c) => {
      const u = 1 - random.next(); // (0, 1]
      return { c, k: -Math.log(u) / (Math.max(0, c.degree) + 1) };
    })
    .sort((a, b) => a.k - b.k)
    .map((x) => x.c);
}
