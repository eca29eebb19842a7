import { createHash } from 'node:crypto';

const digest = (input: string): string => createHash('sha256').update(input).digest('hex');

/**
 * Deterministic source of host ids, tokens and job ids, so that two runs of the same test see
 * the same ring (assertions on host ids, token-dependent replica placement).
 */
export class SeededRandom {
  private counter = 0;

  /** @param seed any integer; equal seeds give equal sequences. */
  constructor(private readonly seed: number) {}

  private nextHex(): string {
    return digest(`${this.seed}:${this.counter++}`);
  }

  /** A version-4 UUID string. */
  uuid(): string {
    const h = this.nextHex();
    const variant = '89ab'[parseInt(h[16], 16) % 4];
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  /** A token in Murmur3Partitioner's range, [-2^63, 2^63). */
  token(): bigint {
    return BigInt.asIntN(64, BigInt(`0x${this.nextHex().slice(0, 16)}`));
  }
}

/** Stable token for a partition key; not Murmur3, it only needs to be deterministic and spread. */
export function keyToken(key: string): bigint {
  return BigInt.asIntN(64, BigInt(`0x${digest(key).slice(0, 16)}`));
}
