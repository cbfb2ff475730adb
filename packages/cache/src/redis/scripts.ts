/**
 * The Lua scripts of `RedisCache`. Each runs atomically in Redis, which is what
 * makes the leases hold across processes: a write deletes the lease key in the
 * same step as it writes, and a fill stores only if the lease key still holds
 * the filler's token.
 *
 * Keys are passed as `KEYS` (entry keys are strings, lease keys `Buffer`s; see
 * keyspace.ts). `now` is a reading of the cache's clock, to test the logical
 * expiry `e` in the envelope (envelope.ts); `px` is Redis's own expiry in
 * milliseconds, or `''` for none.
 *
 * @module
 */
import type { Redis } from 'ioredis';

/**
 * Helpers of every script. `live(v, now)`: whether the envelope `v` (or nil, or
 * the error of a non-string key) is live at `now`: `{"e":<int>,` with e > now,
 * or `{"e":null,`. `set(key, payload, px)`: SET with or without PX.
 */
const HELPERS = `
local function live(v, now)
  if type(v) ~= 'string' then return false end
  local e = string.match(v, '^{"e":(%-?%d+),')
  if e then return tonumber(e) > now end
  return string.sub(v, 1, 10) == '{"e":null,'
end
local function set(key, payload, px)
  if px == '' then redis.call('SET', key, payload) else redis.call('SET', key, payload, 'PX', px) end
end
`;

const SCRIPTS = {
  /** KEYS: n entry keys, then their n lease keys. ARGV: px, n payloads. Writes each entry and deletes its lease. */
  s3vCacheWrite: `
local n = #KEYS / 2
for i = 1, n do
  set(KEYS[i], ARGV[i + 1], ARGV[1])
  redis.call('DEL', KEYS[n + i])
end
return n`,
  /** KEYS: one entry key. ARGV: now. 1 when the entry is live. */
  s3vCacheExists: `
return live(redis.pcall('GET', KEYS[1]), tonumber(ARGV[1])) and 1 or 0`,
  /**
   * KEYS: n entry keys, then any lease keys. ARGV: now, n. Deletes the leases,
   * then the entries; answers how many entries were live.
   */
  s3vCacheDelete: `
local now, n, live_count = tonumber(ARGV[1]), tonumber(ARGV[2]), 0
for i = n + 1, #KEYS do redis.call('DEL', KEYS[i]) end
for i = 1, n do
  local v = redis.pcall('GET', KEYS[i])
  if live(v, now) then live_count = live_count + 1 end
  if v then redis.call('UNLINK', KEYS[i]) end
end
return live_count`,
  /**
   * KEYS: lease key [, entry key]. ARGV: token, lease ttl ms [, now].
   * With an entry key and a live entry: {0, envelope}. Else the current lease,
   * shared: {2, its token}; or a new one: {1, token}.
   */
  s3vLeaseAcquire: `
if KEYS[2] then
  local v = redis.pcall('GET', KEYS[2])
  if live(v, tonumber(ARGV[3])) then return {0, v} end
end
local current = redis.call('GET', KEYS[1])
if current then return {2, current} end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return {1, ARGV[1]}`,
  /**
   * KEYS: entry key, lease key. ARGV: token, payload, px. Stores and ends the
   * lease only if it still holds token, and tells its waiters (a message on
   * the channel named by the lease key).
   */
  s3vLeaseFill: `
if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
set(KEYS[1], ARGV[2], ARGV[3])
redis.call('DEL', KEYS[2])
redis.call('PUBLISH', KEYS[2], '')
return 1`,
  /** KEYS: entry key, lease key. ARGV: token, now. {0, envelope} when live; {2, ''} while the lease holds token; else {3, ''}. */
  s3vLeasePeek: `
local v = redis.pcall('GET', KEYS[1])
if live(v, tonumber(ARGV[2])) then return {0, v} end
if redis.call('GET', KEYS[2]) == ARGV[1] then return {2, ''} end
return {3, ''}`,
  /** KEYS: lease key. ARGV: token. Deletes the lease if it still holds token, and tells its waiters (as fill). */
  s3vLeaseRelease: `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
redis.call('PUBLISH', KEYS[1], '')
return 1`,
} as const;

type Key = string | Buffer;

/** The first element of what `s3vLeaseAcquire` and `s3vLeasePeek` answer. */
export const FOUND_VALUE = 0;
export const LEASE_CREATED = 1;
export const LEASE_SHARED = 2;
export const LEASE_GONE = 3;

/** The scripts, callable on a client after {@link defineScripts} (ioredis sends EVALSHA, and EVAL once after a NOSCRIPT). */
export interface ScriptCommands {
  s3vCacheWrite(numKeys: number, ...args: Key[]): Promise<number>;
  s3vCacheExists(numKeys: 1, key: Key, now: number): Promise<number>;
  s3vCacheDelete(numKeys: number, ...args: Key[]): Promise<number>;
  s3vLeaseAcquire(numKeys: number, ...args: Key[]): Promise<[number, string]>;
  s3vLeaseFill(numKeys: 2, entry: Key, lease: Key, token: string, payload: string, px: string): Promise<number>;
  s3vLeasePeek(numKeys: 2, entry: Key, lease: Key, token: string, now: number): Promise<[number, string]>;
  s3vLeaseRelease(numKeys: 1, lease: Key, token: string): Promise<number>;
}

/**
 * Defines the scripts as commands on `client` (names start with `s3v`, so they
 * do not clash with the client's own commands) and returns it typed.
 */
export function defineScripts(client: Redis): Redis & ScriptCommands {
  for (const [name, body] of Object.entries(SCRIPTS)) {
    client.defineCommand(name, { lua: HELPERS + body });
  }
  return client as Redis & ScriptCommands;
}
