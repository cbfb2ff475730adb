/**
 * How `RedisCache` stores a value: a JSON text that carries the value and its
 * logical expiry time,
 *
 * ```text
 * {"e":1732550400000,"v":{"name":"Lamp"}}    expires when clock.now() >= 1732550400000
 * {"e":null,"v":[1,2,3]}                      never expires
 * ```
 *
 * `e` is a reading of the cache's clock (an integer number of milliseconds),
 * so expiry follows an injected clock in tests, and `getEntry` can tell the
 * remaining lifetime without asking Redis for `PTTL`. The same write also sets
 * Redis's own `PX`, so Redis drops the entry by itself. The Lua scripts read `e`
 * with a pattern anchored on the first bytes, which is why `e` comes first and
 * is always an integer or `null`.
 *
 * @module
 */
import { InvalidArgumentError } from '../errors';

/** A decoded entry. */
export interface Envelope {
  readonly value: unknown;
  /** Clock reading (ms) at which the entry expires; `Infinity` for never. */
  readonly expiresAt: number;
}

/**
 * Lifetimes at or above this many milliseconds (about 31,700 years) are stored
 * as "never expires": they would not fit Redis's `PX` nor stay exact integers.
 */
export const NEVER_EXPIRES_MS = 1e15;

/**
 * The JSON text of a value.
 * @throws {InvalidArgumentError} when JSON cannot represent the value (a
 * function, a symbol, a `BigInt`, a circular structure).
 */
export function valueToJson(value: unknown): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (error) {
    throw new InvalidArgumentError(`RedisCache stores values as JSON, and this one cannot be: ${(error as Error).message}`);
  }
  if (json === undefined) {
    throw new InvalidArgumentError(`RedisCache stores values as JSON, and JSON cannot represent a ${typeof value}`);
  }
  return json;
}

/** The envelope text for a value already turned into JSON. `expiresAt` is a clock reading, or `Infinity`. */
export function encodeEnvelope(json: string, expiresAt: number): string {
  return `{"e":${expiresAt === Infinity ? 'null' : expiresAt},"v":${json}}`;
}

/**
 * The entry stored in `text`, or `undefined` when the text is not an envelope
 * written by `RedisCache` (such a key is treated as absent, as the Lua scripts do).
 */
export function decodeEnvelope(text: string): Envelope | undefined {
  if (!text.startsWith('{"e":')) return undefined;
  let parsed: { e?: unknown; v?: unknown };
  try {
    parsed = JSON.parse(text) as { e?: unknown; v?: unknown };
  } catch {
    return undefined;
  }
  const { e } = parsed;
  if (!('v' in parsed) || (e !== null && typeof e !== 'number')) return undefined;
  return { value: parsed.v, expiresAt: e === null ? Infinity : e };
}

/** Whether an entry is live at clock reading `now` (expired once `now >= expiresAt`). */
export function isLive(entry: Envelope | undefined, now: number): entry is Envelope {
  return entry !== undefined && now < entry.expiresAt;
}

/** An entry ready to be written: the envelope text and Redis's `PX` argument (`''` for none). */
export interface EncodedEntry {
  readonly payload: string;
  readonly px: string;
}

/**
 * The envelope and `PX` of a value that lives `ttlMs` from clock reading `now`
 * (`Infinity`, or {@link NEVER_EXPIRES_MS} and more: never expires).
 * @throws {InvalidArgumentError} when JSON cannot represent the value.
 */
export function encodeEntry(value: unknown, ttlMs: number, now: number): EncodedEntry {
  const json = valueToJson(value);
  const lifetime = ttlMs >= NEVER_EXPIRES_MS ? Infinity : ttlMs;
  return {
    payload: encodeEnvelope(json, lifetime === Infinity ? Infinity : Math.ceil(now + lifetime)),
    px: pxArgument(lifetime),
  };
}

/** Redis's `PX` argument for a lifetime in milliseconds (`''` for never). */
export function pxArgument(ttlMs: number): string {
  return ttlMs === Infinity ? '' : String(Math.max(1, Math.ceil(ttlMs)));
}
