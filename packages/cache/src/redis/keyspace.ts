import { escapeRedisLiteral } from './redis-glob';

/**
 * First bytes of every lease key. `0xFF` never occurs in UTF-8, and every key
 * `RedisCache` writes is the UTF-8 of a JavaScript string, so no entry key of
 * any `RedisCache` (whatever its prefix) can equal or start like a lease key.
 */
const LEASE_MARKER = Buffer.concat([Buffer.from([0xff]), Buffer.from('lease:', 'latin1')]);

/**
 * Where one `RedisCache` keeps its data in Redis:
 *
 * - an entry of key `k` lives at `${prefix}${k}` (a string key whose value is an envelope);
 * - the lease of `k` lives at the bytes `0xFF "lease:" ${prefix}${k}` (its value is a random token).
 *
 * Lease keys are handled as `Buffer`s, since the `0xFF` byte is not text.
 */
export class Keyspace {
  private readonly prefixBytes: number;
  private readonly leaseHead: Buffer;
  private readonly escapedPrefix: string;
  private readonly escapedLeaseHead: Buffer;

  constructor(readonly prefix: string) {
    this.prefixBytes = Buffer.byteLength(prefix, 'utf8');
    this.leaseHead = Buffer.concat([LEASE_MARKER, Buffer.from(prefix, 'utf8')]);
    this.escapedPrefix = escapeRedisLiteral(prefix);
    this.escapedLeaseHead = Buffer.concat([LEASE_MARKER, Buffer.from(this.escapedPrefix, 'utf8')]);
  }

  /** The Redis key of the entry `key`. */
  dataKey(key: string): string {
    return this.prefix + key;
  }

  /** The Redis key of the lease of `key`. */
  leaseKey(key: string): Buffer {
    return Buffer.concat([this.leaseHead, Buffer.from(key, 'utf8')]);
  }

  /** A `SCAN MATCH` pattern over entry keys, from a pattern for the part after the prefix. */
  dataMatch(pattern: string): string {
    return this.escapedPrefix + pattern;
  }

  /** A `SCAN MATCH` pattern over lease keys, from a pattern for the part after the prefix. */
  leaseMatch(pattern: string): Buffer {
    return Buffer.concat([this.escapedLeaseHead, Buffer.from(pattern, 'utf8')]);
  }

  /** The cache key of an entry key returned by SCAN. */
  keyOfData(redisKey: Buffer): string {
    return redisKey.toString('utf8', this.prefixBytes);
  }

  /** The cache key of a lease key returned by SCAN. */
  keyOfLease(redisKey: Buffer): string {
    return redisKey.toString('utf8', this.leaseHead.length);
  }
}
