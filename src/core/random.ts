import { createHash } from 'node:crypto';
import seedrandom from 'seedrandom';

/**
 * A seeded random stream. Simulation code draws only from these (never Math.random), one named
 * stream per subsystem, so adding a draw in one subsystem never shifts another's sequence.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number;
  /** Integer uniform in [0, n). */
  int(n: number): number;
  /** Standard normal (mean 0, sd 1). */
  normal(): number;
  /** Poisson-distributed count with the given mean. */
  poisson(mean: number): number;
}

class AleaRng implements Rng {
  private readonly prng: () => number;
  private spareNormal: number | undefined;

  constructor(seed: string) {
    // Alea: fast, good statistical quality, and seedable from any string.
    this.prng = seedrandom.alea(seed);
  }

  next(): number {
    return this.prng();
  }

  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.prng();
  }

  int(n: number): number {
    return Math.floor(this.prng() * n);
  }

  normal(): number {
    if (this.spareNormal !== undefined) {
      const s = this.spareNormal;
      this.spareNormal = undefined;
      return s;
    }
    // Marsaglia polar method: two normals per accepted pair.
    let u: number, v: number, s: number;
    do {
      u = 2 * this.prng() - 1;
      v = 2 * this.prng() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * m;
    return u * m;
  }

  poisson(mean: number): number {
    if (!(mean >= 0)) throw new RangeError(`poisson mean must be >= 0, got ${mean}`);
    if (mean < 30) {
      // Knuth's product method: exact, fine for small means.
      const limit = Math.exp(-mean);
      let k = 0;
      let p = this.prng();
      while (p > limit) {
        k++;
        p *= this.prng();
      }
      return k;
    }
    // Large means: normal approximation with continuity correction (relative error < 1e-3 here).
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
  }
}

/**
 * The seed string of stream `name` under run seed `seed`: a SHA-256 of both. Alea's first draws are
 * nearly linear in the last character of its seed string, so streams named alike (`rock_k0`..`9`) or
 * runs seeded alike would draw alike if seeded with the names themselves.
 */
export function streamSeed(seed: number | string, name: string): string {
  return createHash('sha256').update(`${seed}/${name}`).digest('hex');
}

/**
 * The named random streams of one run. `stream('terrain.rocks')` always gives the same sequence
 * for the same run seed, whatever other streams were created or drawn from.
 */
export class RandomStreams {
  private readonly streams = new Map<string, Rng>();

  constructor(readonly seed: number | string) {}

  stream(name: string): Rng {
    let rng = this.streams.get(name);
    if (!rng) {
      rng = new AleaRng(streamSeed(this.seed, name));
      this.streams.set(name, rng);
    }
    return rng;
  }
}
