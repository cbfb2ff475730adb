/**
 * HTTP benchmark of `cacheMiddleware` on hits, with autocannon on 127.0.0.1:
 * the same Express 5 route (a 20 ms backend call, then ~5 KB of JSON) served
 * with no cache, by a handler that sends a precomputed Buffer (the physical
 * limit of a hit), behind apicache, and behind ours. The servers run in a
 * child process (`http-server.ts`); this process only generates load.
 *
 * Environment: `BENCH_HTTP_SECONDS` (seconds per measurement, default 3),
 * `BENCH_HTTP_CONNECTIONS` (default 10), `BENCH_HTTP_NODE_ARGS` (extra node
 * flags for the server child, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`).
 */
import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { median, printTable, verdict } from '../../cache/bench/harness';
import {
  CONTENDER_IDS, type ContenderId, PAGE_PATH, type ServerCounts, type ServerMessage, type ServerRequest,
} from './http-protocol';
import { autocannon } from '../../../bench/autocannon';

const NAMES: Record<ContenderId, string> = {
  none: 'no cache (20 ms backend)',
  buffer: 'precomputed Buffer',
  apicache: 'apicache 1.6.3',
  ours: 'cacheMiddleware (ours)',
  http: "cacheMiddleware policy 'http'",
};

/**
 * One autocannon run: req/s, latency percentiles computed from every 2xx
 * response (sub-ms precision, where autocannon's histogram has 1 ms), and the
 * server's CPU time per request (less sensitive than req/s to other load on
 * the machine).
 */
interface Sample {
  readonly rps: number;
  readonly cpuUs: number;
  readonly p50: number;
  readonly p99: number;
  readonly failures: number;
}

/** The forked server process and a request/reply channel to it. */
class ServerChild {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve(result: unknown): void; reject(error: Error): void }>();

  private constructor(private readonly child: ChildProcess, readonly ports: Record<ContenderId, number>) {
    child.on('message', (message: ServerMessage) => {
      if (message.kind !== 'reply') return;
      this.pending.get(message.id)?.resolve(message.result);
      this.pending.delete(message.id);
    });
    child.on('exit', (code, signal) => {
      for (const { reject } of this.pending.values()) reject(new Error(`the server child exited (${code ?? signal})`));
      this.pending.clear();
    });
  }

  static start(): Promise<ServerChild> {
    const root = path.resolve(__dirname, '../../..');
    const extra = (process.env.BENCH_HTTP_NODE_ARGS ?? '').split(/\s+/).filter((arg) => arg !== '');
    const child = fork(path.join(__dirname, 'http-server.ts'), [], {
      cwd: root,
      execArgv: ['--expose-gc', ...extra, '-r', 'ts-node/register/transpile-only'],
      env: { ...process.env, TS_NODE_PROJECT: path.join(root, 'tsconfig.test.json') },
    });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error('the server child did not start within 60 s')), 60_000);
      const fail = (error: Error) => {
        clearTimeout(timer);
        child.kill('SIGKILL');
        reject(error);
      };
      child.once('error', fail);
      child.once('exit', (code) => fail(new Error(`the server child exited early (code ${code})`)));
      child.once('message', (message: ServerMessage) => {
        if (message.kind !== 'ready') return fail(new Error('unexpected first message from the server child'));
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve(new ServerChild(child, message.ports));
      });
    });
  }

  request(op: ServerRequest['op']): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (!this.child.connected) return reject(new Error('the server child is gone'));
      this.pending.set(id, { resolve, reject });
      this.child.send({ id, op } satisfies ServerRequest);
    });
  }

  /** Asks the child to exit normally (so a CPU profile is written); kills it after 5 s. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    if (this.child.connected) this.child.send({ id: -1, op: 'exit' } satisfies ServerRequest);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

function load(url: string, seconds: number, connections: number): Promise<Omit<Sample, 'cpuUs'> & { requests: number }> {
  const latencies: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon({ url, connections, duration: seconds }, (error, result) => {
      if (error) return reject(error);
      const sorted = Float64Array.from(latencies).sort();
      resolve({
        rps: result.requests.total / result.duration,
        requests: result.requests.total,
        p50: percentile(sorted, 0.5),
        p99: percentile(sorted, 0.99),
        failures: result.errors + result.timeouts + result.non2xx,
      });
    });
    instance.on('response', (_client, status, _bytes, ms) => {
      if (status >= 200 && status < 300) latencies.push(ms);
    });
  });
}

/** Checks each contender answers 200 with the uncached body, and that the cached ones serve hits. Warms them. */
async function verify(ports: Record<ContenderId, number>): Promise<string[]> {
  const get = (id: ContenderId) => fetch(`http://127.0.0.1:${ports[id]}${PAGE_PATH}`);
  const reference = await (await get('none')).text();
  const problems: string[] = [];
  for (const id of CONTENDER_IDS) {
    await (await get(id)).arrayBuffer(); // warm: the cached contenders store here
    const response = await get(id);
    const body = await response.text();
    if (response.status !== 200) problems.push(`${NAMES[id]}: status ${response.status}`);
    if (body !== reference) problems.push(`${NAMES[id]}: body differs from the uncached route's`);
    if (!/^application\/json/.test(response.headers.get('content-type') ?? '')) problems.push(`${NAMES[id]}: not JSON`);
    if ((id === 'ours' || id === 'http') && response.headers.get('x-cache') !== 'HIT') {
      problems.push(`${NAMES[id]}: x-cache ${response.headers.get('x-cache')}, not HIT`);
    }
    if (id === 'apicache' && response.headers.get('apicache-store') === null) problems.push('apicache: no hit (no apicache-store header)');
  }
  console.log(`\nPage: ${Buffer.byteLength(reference)} bytes of JSON; correctness checks ${problems.length === 0 ? 'passed' : 'FAILED'}.`);
  return problems;
}

/**
 * Runs the HTTP benchmark: `rounds` measured rounds (plus one warm-up round,
 * discarded) of every contender, interleaved with the order rotated per
 * round; prints a table of medians and returns verdict lines.
 */
export async function benchHttpCache(rounds: number): Promise<string[]> {
  const seconds = Number(process.env.BENCH_HTTP_SECONDS ?? 3);
  const connections = Number(process.env.BENCH_HTTP_CONNECTIONS ?? 10);
  console.log(`\n### HTTP hits (autocannon, ${connections} connections, ${seconds} s x ${rounds} rounds + 1 warm-up, servers in a child process)`);
  const server = await ServerChild.start();
  try {
    const problems = await verify(server.ports);
    const samples = new Map<ContenderId, Sample[]>(CONTENDER_IDS.map((id) => [id, []]));
    for (let round = 0; round <= rounds; round++) {
      const order = CONTENDER_IDS.map((_, i) => CONTENDER_IDS[(i + round) % CONTENDER_IDS.length]);
      for (const id of order) {
        await server.request('gc');
        const cpuBefore = (await server.request('cpu')) as number;
        const run = await load(`http://127.0.0.1:${server.ports[id]}${PAGE_PATH}`, seconds, connections);
        const sample = { ...run, cpuUs: ((await server.request('cpu')) as number - cpuBefore) / run.requests };
        if (sample.failures > 0) problems.push(`${NAMES[id]}: ${sample.failures} failed or non-2xx responses in round ${round}`);
        if (round > 0) samples.get(id)?.push(sample);
      }
    }
    const counts = (await server.request('counts')) as ServerCounts;
    for (const id of ['apicache', 'ours', 'http'] as const) {
      // The warm-up request of verify() is the only one that may run the route.
      if (counts.routeCalls[id] !== 1) problems.push(`${NAMES[id]}: the route ran ${counts.routeCalls[id]} times (expected 1: all hits)`);
    }

    const stat = (id: ContenderId, field: keyof Sample) => median((samples.get(id) ?? []).map((s) => s[field]));
    const rps = (id: ContenderId) => stat(id, 'rps');
    const rows = CONTENDER_IDS.map((id) => [
      NAMES[id],
      rps(id).toFixed(0),
      stat(id, 'p50').toFixed(2),
      stat(id, 'p99').toFixed(2),
      stat(id, 'cpuUs').toFixed(1),
      `${(rps(id) / rps('buffer')).toFixed(2)}x`,
      `${(rps(id) / rps('apicache')).toFixed(2)}x`,
    ]);
    console.log('');
    printTable(['contender', 'req/s (median)', 'p50 ms', 'p99 ms', 'server CPU µs/req', 'vs Buffer', 'vs apicache'], rows);
    console.log(`\nours: ${counts.ours.hits} hits, ${counts.ours.misses} miss(es), ${counts.ours.stored} stored.`);
    console.log(`policy 'http': ${counts.http.hits} hits, ${counts.http.misses} miss(es), ${counts.http.stored} stored.`);

    const cpu = (id: ContenderId) => stat(id, 'cpuUs');
    const overhead = (id: ContenderId) => `${(cpu(id) - cpu('buffer')).toFixed(1)} µs`;
    const oursP99 = stat('ours', 'p99');
    const apicacheP99 = stat('apicache', 'p99');
    return [
      ...problems.map((problem) => `FAIL  HTTP correctness: ${problem}`),
      verdict('HTTP hit req/s, cacheMiddleware vs precomputed Buffer', rps('ours') / rps('buffer'), 0.85),
      verdict('HTTP hit req/s, cacheMiddleware vs apicache', rps('ours') / rps('apicache'), 1.05),
      verdict("HTTP hit req/s, cacheMiddleware policy 'http' vs precomputed Buffer", rps('http') / rps('buffer'), 0.85),
      `${oursP99 <= apicacheP99 ? 'PASS' : 'MISS'}  HTTP hit p99, cacheMiddleware ${oursP99.toFixed(2)} ms vs apicache ${apicacheP99.toFixed(2)} ms (target <=)`,
      `INFO  HTTP hit server CPU over the precomputed Buffer: cacheMiddleware +${overhead('ours')}/req, policy 'http' +${overhead('http')}/req, apicache +${overhead('apicache')}/req`,
    ];
  } finally {
    await server.stop();
  }
}
