/**
 * Test helpers for suites that need Redis. When Redis does not answer, a suite
 * FAILS with a clear message under `CI=true`, and elsewhere registers a `todo`
 * that says why it did not run (never a silent skip).
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/** The Redis the suites use: `REDIS_URL`, or the local default. */
export const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const PING_SCRIPT = `
const net = require('node:net');
const url = new URL(process.argv[1]);
const socket = net.connect(Number(url.port || 6379), url.hostname || '127.0.0.1');
const fail = () => process.exit(1);
socket.setTimeout(500, fail);
socket.on('error', fail);
socket.on('connect', () => {
  const auth = url.password ? 'AUTH ' + (url.username ? decodeURIComponent(url.username) + ' ' : '') + decodeURIComponent(url.password) + '\\r\\n' : '';
  socket.write(auth + 'PING\\r\\n');
});
let seen = '';
socket.on('data', (d) => { seen += d; if (seen.includes('+PONG')) process.exit(0); if (seen.includes('-')) fail(); });
`;

let reachable: boolean | undefined;

/** Whether Redis at {@link redisUrl} answers PING within half a second (checked once per test file). */
export function redisReachable(): boolean {
  reachable ??= spawnSync(process.execPath, ['-e', PING_SCRIPT, redisUrl], { timeout: 3000 }).status === 0;
  return reachable;
}

let hasServerBinary: boolean | undefined;

/** Whether a `redis-server` binary is on PATH (for suites that start their own server). */
export function redisServerInstalled(): boolean {
  hasServerBinary ??= spawnSync('redis-server', ['--version'], { timeout: 3000 }).status === 0;
  return hasServerBinary;
}

/** `describe` when `ready`; else a failing test under CI, or a `todo` saying why. */
function describeIf(ready: boolean, why: string, name: string, fn: () => void): void {
  if (ready) {
    describe(name, fn);
  } else if (process.env.CI === 'true') {
    describe(name, () => {
      it('needs Redis', () => {
        throw new Error(`${why}: CI must provide it (see .ci/run).`);
      });
    });
  } else {
    describe(name, () => {
      it.todo(`${name} -- not run: ${why}`);
    });
  }
}

/** A suite that needs the Redis at {@link redisUrl}. */
export function describeWithRedis(name: string, fn: () => void): void {
  describeIf(redisReachable(), `Redis unreachable at ${redisUrl} (start redis-server or set REDIS_URL)`, name, fn);
}

/** A suite that starts its own `redis-server` processes. */
export function describeWithRedisServer(name: string, fn: () => void): void {
  describeIf(redisServerInstalled(), 'no redis-server binary on PATH (apt-get install -y redis-server)', name, fn);
}

/** A key prefix no other test run uses: `s3v-test:<pid>:<random>:`. */
export function uniquePrefix(label = ''): string {
  return `s3v-test:${process.pid}:${randomBytes(4).toString('hex')}:${label}`;
}

/** A plain connection to {@link redisUrl} for inspecting and cleaning up (close it with `quit()`). */
export function inspector(): Redis {
  return new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 1 });
}

/**
 * Every key that starts with `text`, read with SCAN (never KEYS), as raw bytes.
 * `text` is matched literally; lease keys of a prefix start with `\xFFlease:` (see keyspace.ts).
 */
export async function keysStartingWith(client: Redis, text: string | Buffer): Promise<Buffer[]> {
  const head = Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8');
  const escaped = Buffer.from(head.toString('latin1').replace(/[\\*?[\]]/g, (c) => `\\${c}`), 'latin1');
  const found: Buffer[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await client.scanBuffer(cursor, 'MATCH', Buffer.concat([escaped, Buffer.from('*')]) as unknown as string, 'COUNT', 1000);
    cursor = next.toString();
    found.push(...keys.filter((k) => k.subarray(0, head.length).equals(head)));
  } while (cursor !== '0');
  return found;
}

/** The bytes every lease key of `prefix` starts with. */
export function leaseHead(prefix: string): Buffer {
  return Buffer.concat([Buffer.from([0xff]), Buffer.from(`lease:${prefix}`, 'utf8')]);
}

/** Deletes every entry and lease key under `prefix` (SCAN + UNLINK). */
export async function removePrefix(client: Redis, prefix: string): Promise<void> {
  for (const head of [Buffer.from(prefix, 'utf8'), leaseHead(prefix)]) {
    const keys = await keysStartingWith(client, head);
    for (let i = 0; i < keys.length; i += 500) await client.unlink(...keys.slice(i, i + 500));
  }
}

/**
 * For a suite that builds caches under throw-away prefixes: `fresh(label)`
 * hands out a {@link uniquePrefix}, and every prefix handed out is removed
 * after each test (entries and leases). `redis()` is the inspecting connection.
 */
export function throwAwayPrefixes(): { fresh(label: string): string; redis(): Redis } {
  const prefixes: string[] = [];
  let client: Redis;
  beforeAll(() => {
    client = inspector();
  });
  afterEach(async () => {
    for (const prefix of prefixes.splice(0)) await removePrefix(client, prefix);
  });
  afterAll(async () => {
    await client.quit();
  });
  return {
    fresh(label) {
      const prefix = uniquePrefix(label);
      prefixes.push(prefix);
      return prefix;
    },
    redis: () => client,
  };
}
