/**
 * End-to-end benchmark of the products API with autocannon on 127.0.0.1: the
 * same app without any cache (`cold`: every request reads S3) and with the
 * default caches of the runtime (`warm`, measured on cached entries), on
 * `GET /products/:id` and on a filtered, sorted list page, against one
 * embedded S3 server holding 2,000 products.
 *
 * Three processes, so that no two of them share an event loop: this one
 * (autocannon and the seeding client), the S3 server, and one child hosting
 * both API instances (`api-bench-server.ts`). Per run it reports req/s, p50 and
 * p99 latency, S3 requests per API request (counted on the API's own S3
 * clients), and the CPU time per request of the API and of the S3 server.
 *
 * Standalone:
 *   TS_NODE_PROJECT=tsconfig.test.json node --expose-gc -r ts-node/register/transpile-only apps/products-api/bench/api-bench.ts
 *
 * A cold list request scans the whole bucket (2 ListObjectsV2 + 2,000
 * GetObject, seconds each), so that run is a fixed number of requests on one
 * connection instead of a duration; the table says so.
 *
 * Environment: `BENCH_ROUNDS` (standalone only, default 3), `BENCH_API_SECONDS`
 * (seconds per run, default 3), `BENCH_API_CONNECTIONS` (default 10),
 * `BENCH_API_COLD_LIST_REQUESTS` (requests per cold list run, default 2),
 * `BENCH_API_COLD_LIST_CONNECTIONS` (default 1), `BENCH_API_PRODUCTS` (default
 * 2000), `BENCH_API_CELLS` (only these runs, e.g. `id/cold,list/warm`: for
 * profiling), `BENCH_API_NODE_ARGS` (extra node flags for the API child, e.g.
 * `--cpu-prof --cpu-prof-dir=/tmp/prof`).
 */
import '../../../bench/source-paths';
import { autocannon } from '../../../bench/autocannon';
import { type ChildProcess, fork } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { median, printTable, seededRandom, verdict } from '../../../packages/cache/bench/harness';
import { loadConfig } from '../src/config/config';
import type { Product } from '../src/domain/product';
import { createS3Client, EMBEDDED_S3_CREDENTIALS } from '../src/s3';
import { DEFAULT_BASE_PATH, StorageLayout } from '../src/storage';
import { encodeProduct } from '../src/storage/product-codec';
import { makeProduct, runBounded } from '../test/helpers/s3-fixture';
import { type ChildMessage, type ChildRequest, type InstanceCounts, type Mode, MODES, type Role } from './api-bench-protocol';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

/** The list route measured: a filtered, sorted page (page 2 of the matches). */
export const LIST_PATH = '/products?category=lighting&price__lt=500&sort_by=price&sort_order=desc&page=2&page_size=20';

/** How many distinct ids `GET /products/:id` rotates over. */
const ID_COUNT = 100;

const CATEGORIES = ['lighting', 'furniture', 'kitchen', 'garden', 'tools', 'electronics', 'bath', 'office', 'outdoor', 'toys'] as const;
const ADJECTIVES = ['Compact', 'Classic', 'Industrial', 'Nordic', 'Smart', 'Rustic', 'Slim', 'Heavy-duty', 'Modular', 'Vintage', 'Wireless', 'Foldable'];
const NOUNS: Record<(typeof CATEGORIES)[number], readonly string[]> = {
  lighting: ['desk lamp', 'floor lamp', 'pendant light', 'LED strip', 'wall sconce', 'bulb pack'],
  furniture: ['bookshelf', 'armchair', 'side table', 'bed frame', 'sofa', 'dresser'],
  kitchen: ['chef knife', 'saucepan', 'kettle', 'cutting board', 'blender', 'spice rack'],
  garden: ['hand trowel', 'hose reel', 'planter', 'pruning shears', 'rake', 'seed tray'],
  tools: ['drill driver', 'socket set', 'tape measure', 'claw hammer', 'jigsaw', 'spirit level'],
  electronics: ['headphones', 'power bank', 'USB hub', 'speaker', 'webcam', 'charger'],
  bath: ['towel set', 'shower head', 'bath mat', 'soap dispenser', 'mirror cabinet', 'laundry basket'],
  office: ['monitor arm', 'desk organiser', 'office chair', 'whiteboard', 'paper shredder', 'filing cabinet'],
  outdoor: ['tent', 'camping stove', 'hammock', 'cool box', 'headlamp', 'folding chair'],
  toys: ['building blocks', 'puzzle', 'plush bear', 'train set', 'kite', 'board game'],
};

type Route = 'id' | 'list';
const ROUTES: readonly Route[] = ['id', 'list'];
const ROUTE_NAMES: Record<Route, string> = { id: `GET /products/:id (${ID_COUNT} ids)`, list: `GET ${LIST_PATH}` };

/** A request to a child without its id (the channel numbers them). */
type Op = ChildRequest extends infer R ? (R extends ChildRequest ? Omit<R, 'id'> : never) : never;

/** One load run of one route on one instance. */
interface Sample {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  /** S3 requests per API request that reached the server. */
  readonly s3PerRequest: number;
  /** CPU time per API request of the API process and of the S3 server process, in ms. */
  readonly apiCpuMs: number;
  readonly s3CpuMs: number;
  readonly counts: InstanceCounts;
}

/** Deterministic products: realistic names, descriptions, categories, prices, stock and activity. */
export function benchProducts(count: number, seed = 42): Product[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const hex = (digits: number) => Array.from({ length: digits }, () => Math.floor(random() * 16).toString(16)).join('');
  const base = Date.UTC(2026, 0, 1);
  return Array.from({ length: count }, (_, i) => {
    const category = pick(CATEGORIES);
    const created = base + Math.floor(random() * 300 * 86_400_000);
    const updated = created + Math.floor(random() * 30 * 86_400_000);
    const noun = pick(NOUNS[category]);
    const product = makeProduct({
      id: `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[Math.floor(random() * 4)]}${hex(3)}-${hex(12)}`,
      created_at: new Date(created).toISOString(),
      updated_at: new Date(updated).toISOString(),
      name: `${pick(ADJECTIVES)} ${noun} ${i + 1}`,
      sku: `${category.slice(0, 3).toUpperCase()}-${String(100_000 + i)}`,
      // Log-uniform from 2 to 2,000, in cents.
      price: Math.round(2 * 1000 ** random() * 100) / 100,
      category,
      is_active: random() < 0.85,
      stock: random() < 0.1 ? 0 : Math.floor(random() * 500),
    });
    return random() < 0.7
      ? { ...product, description: `${product.name}: a ${noun} for everyday use, ${category} range. Ships in recyclable packaging; ${1 + Math.floor(random() * 5)}-year warranty.` }
      : product;
  });
}

/** A forked child process and a request/reply channel to it. */
class Child {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve(result: unknown): void; reject(error: Error): void }>();

  private constructor(
    private readonly child: ChildProcess,
    private readonly role: Role,
    readonly ready: Extract<ChildMessage, { kind: 'ready' }>,
  ) {
    child.on('message', (message: ChildMessage) => {
      if (message.kind !== 'reply') return;
      this.pending.get(message.id)?.resolve(message.result);
      this.pending.delete(message.id);
    });
    child.on('exit', (code, signal) => {
      for (const { reject } of this.pending.values()) reject(new Error(`the ${role} child exited (${code ?? signal})`));
      this.pending.clear();
    });
  }

  /** Forks `api-bench-server.ts <role> ...args` and waits for its `ready` message (60 s at most). */
  static start(role: Role, args: readonly string[], nodeArgs: readonly string[] = []): Promise<Child> {
    const root = path.resolve(__dirname, '../../..');
    const child = fork(path.join(__dirname, 'api-bench-server.ts'), [role, ...args], {
      cwd: root,
      execArgv: ['--expose-gc', ...nodeArgs, '-r', 'ts-node/register/transpile-only'],
      env: { ...process.env, TS_NODE_PROJECT: path.join(root, 'tsconfig.test.json'), AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error(`the ${role} child did not start within 60 s`)), 60_000);
      const fail = (error: Error) => {
        clearTimeout(timer);
        child.kill('SIGKILL');
        reject(error);
      };
      child.once('error', fail);
      child.once('exit', (code) => fail(new Error(`the ${role} child exited early (code ${code})`)));
      child.once('message', (message: ChildMessage) => {
        if (message.kind === 'failed') return fail(new Error(`the ${role} child failed: ${message.message}`));
        if (message.kind !== 'ready') return fail(new Error(`unexpected first message from the ${role} child`));
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve(new Child(child, role, message));
      });
    });
  }

  request<T>(request: Op): Promise<T> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (!this.child.connected) return reject(new Error(`the ${this.role} child is gone`));
      this.pending.set(id, {
        resolve: (result) => {
          const error = (result as { error?: string } | null)?.error;
          if (typeof error === 'string') reject(new Error(error));
          else resolve(result as T);
        },
        reject,
      });
      this.child.send({ ...request, id });
    });
  }

  /** Kills the child at once. */
  kill(): void {
    this.child.kill('SIGKILL');
  }

  /** Asks the child to exit normally (so a CPU profile gets written); kills it after 5 s. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    if (this.child.connected) this.child.send({ id: -1, op: 'exit' } satisfies ChildRequest);
    else this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

/** How long one run lasts: a duration, or (for the slow cold list) a number of requests. */
type RunPlan = { readonly connections: number } & ({ readonly seconds: number } | { readonly amount: number });

function describePlan(plan: RunPlan): string {
  return `${plan.connections} conn, ${'seconds' in plan ? `${plan.seconds} s` : `${plan.amount} req`}`;
}

/**
 * One autocannon run. With `paths`, each connection walks the paths in turn,
 * starting at its own offset (so connections do not ask for the same id at the
 * same moment). Latencies come from every 2xx response (sub-ms precision).
 */
function load(base: string, paths: readonly string[], plan: RunPlan) {
  const { connections } = plan;
  const latencies: number[] = [];
  const requests = paths.map((p) => ({ method: 'GET', path: p }));
  let connection = 0;
  return new Promise<{ rps: number; p50: number; p99: number; failures: number }>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${base}${paths[0]}`,
        connections,
        ...('seconds' in plan ? { duration: plan.seconds } : { amount: plan.amount }),
        requests,
        setupClient: (client) => {
          const offset = Math.floor((connection++ * requests.length) / connections);
          client.setRequests([...requests.slice(offset), ...requests.slice(0, offset)]);
        },
      },
      (error, result) => {
        if (error) return reject(error);
        const sorted = Float64Array.from(latencies).sort();
        resolve({
          rps: result.requests.total / result.duration,
          p50: percentile(sorted, 0.5),
          p99: percentile(sorted, 0.99),
          failures: result.errors + result.timeouts + result.non2xx,
        });
      },
    );
    instance.on('response', (_client, status, _bytes, ms) => {
      if (status >= 200 && status < 300) latencies.push(ms);
    });
  });
}

/** Writes the products straight to S3 (the repository's layout and JSON form), 32 PUTs at a time. */
async function seed(endpoint: string, bucket: string, products: readonly Product[]): Promise<void> {
  const client = createS3Client({
    endpoint,
    region: 'us-east-1',
    ...EMBEDDED_S3_CREDENTIALS,
    forcePathStyle: true,
    connectTimeoutMs: 2000,
    requestTimeoutMs: 30_000,
    maxAttempts: 3,
  });
  const layout = new StorageLayout(DEFAULT_BASE_PATH);
  try {
    await runBounded(products.length, 32, async (i) => {
      const product = products[i];
      await client.send(
        new PutObjectCommand({ Bucket: bucket, Key: layout.productKey(product.id), Body: encodeProduct(product), ContentType: 'application/json' }),
      );
    });
  } finally {
    client.destroy();
  }
}

async function get(url: string): Promise<{ status: number; body: string; cache: string | null }> {
  const response = await fetch(url);
  return { status: response.status, body: await response.text(), cache: response.headers.get('x-cache') };
}

/** Both instances answer the same bodies; the list page is full; the warm instance serves hits. */
async function verify(bases: Record<Mode, string>, ids: readonly string[], products: readonly Product[]): Promise<string[]> {
  const problems: string[] = [];
  for (const route of ROUTES) {
    const p = route === 'id' ? `/products/${ids[0]}` : LIST_PATH;
    const cold = await get(`${bases.cold}${p}`);
    await get(`${bases.warm}${p}`);
    const warm = await get(`${bases.warm}${p}`);
    if (cold.status !== 200 || warm.status !== 200) problems.push(`${route}: status cold ${cold.status}, warm ${warm.status}`);
    if (cold.body !== warm.body) problems.push(`${route}: cold and warm bodies differ`);
    if (warm.cache !== 'HIT') problems.push(`${route}: warm x-cache ${warm.cache}, not HIT`);
    if (route === 'list') {
      const page = JSON.parse(cold.body) as { items?: unknown[]; total_count?: number };
      const expected = products.filter((x) => x.category === 'lighting' && x.price < 500).length;
      if (page.total_count !== expected) problems.push(`list: total_count ${page.total_count}, expected ${expected}`);
      if (page.items?.length !== 20) problems.push(`list: ${page.items?.length} items on page 2, expected 20`);
      else console.log(`List page: ${Buffer.byteLength(cold.body)} bytes, ${expected} matches of ${products.length}.`);
    } else {
      console.log(`Product: ${Buffer.byteLength(cold.body)} bytes of JSON.`);
    }
  }
  return problems;
}

/** Empties the warm instance's data cache, then loads every measured id and the list page once. */
async function warmUp(api: Child, base: string, ids: readonly string[]): Promise<void> {
  await api.request({ op: 'clear', mode: 'warm' });
  await runBounded(ids.length, 8, async (i) => {
    await get(`${base}/products/${ids[i]}`);
  });
  await get(`${base}${LIST_PATH}`);
}

/**
 * Runs the API benchmark: one warm-up round (discarded) and `rounds` measured
 * rounds of each route x {cold, warm}, the order rotated per round; prints a
 * table of medians and returns verdict lines (the issue's targets: warm >= 20x
 * cold in req/s on both routes, 0 S3 requests per warm request).
 */
export async function benchProductsApi(rounds: number): Promise<string[]> {
  const seconds = Number(process.env.BENCH_API_SECONDS ?? 3);
  const connections = Number(process.env.BENCH_API_CONNECTIONS ?? 10);
  const coldListConnections = Number(process.env.BENCH_API_COLD_LIST_CONNECTIONS ?? 1);
  const coldListRequests = Number(process.env.BENCH_API_COLD_LIST_REQUESTS ?? 2);
  const productCount = Number(process.env.BENCH_API_PRODUCTS ?? 2000);
  const nodeArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(/\s+/).filter((arg) => arg !== '');
  // A cold list request scans the whole bucket (seconds each): a few requests on few connections.
  const plan = (route: Route, mode: Mode): RunPlan =>
    route === 'list' && mode === 'cold' ? { connections: coldListConnections, amount: coldListRequests } : { connections, seconds };
  console.log(
    `\n### products API end to end (autocannon on 127.0.0.1, ${productCount} products in the embedded S3 server, ` +
      `${seconds} s x ${rounds} rounds + 1 warm-up, ${connections} connections; cold list: ${describePlan(plan('list', 'cold'))} per round)\n`,
  );

  const bucket = loadConfig({ LOG_LEVEL: 'silent' }).S3_BUCKET;
  const directory = await mkdtemp(path.join(tmpdir(), 's3verless-api-bench-'));
  const children: Child[] = [];
  // Interrupted: the children exit when their IPC channel closes; remove the data folder too.
  const interrupted = (signal: NodeJS.Signals) => {
    children.forEach((child) => child.kill());
    rmSync(directory, { recursive: true, force: true });
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    const s3 = await Child.start('s3', [path.join(directory, 'data'), bucket]);
    children.push(s3);
    const endpoint = s3.ready.endpoint as string;
    const products = benchProducts(productCount);
    let started = Date.now();
    await seed(endpoint, bucket, products);
    console.log(`Seeded ${products.length} products in ${((Date.now() - started) / 1000).toFixed(1)} s.`);

    const api = await Child.start('api', [endpoint], nodeArgs);
    children.push(api);
    const ports = api.ready.ports as Record<Mode, number>;
    const bases = { cold: `http://127.0.0.1:${ports.cold}`, warm: `http://127.0.0.1:${ports.warm}` };
    const ids = Array.from({ length: ID_COUNT }, (_, i) => products[Math.floor((i * products.length) / ID_COUNT)].id);
    const paths: Record<Route, readonly string[]> = { id: ids.map((id) => `/products/${id}`), list: [LIST_PATH] };
    const problems = await verify(bases, ids, products);

    const only = (process.env.BENCH_API_CELLS ?? '').split(',').filter((cell) => cell !== '');
    const cells = ROUTES.flatMap((route) => MODES.map((mode) => ({ route, mode }))).filter(
      ({ route, mode }) => only.length === 0 || only.includes(`${route}/${mode}`),
    );
    const samples = new Map(cells.map((c) => [`${c.route}/${c.mode}`, [] as Sample[]]));
    const warmS3 = { id: 0, list: 0 };
    started = Date.now();
    for (let round = 0; round <= rounds; round++) {
      const order = cells.map((_, i) => cells[(i + round) % cells.length]);
      for (const { route, mode } of order) {
        if (mode === 'warm') await warmUp(api, bases.warm, ids);
        await Promise.all([api.request({ op: 'gc' }), s3.request({ op: 'gc' })]);
        await api.request({ op: 'reset', mode });
        const [apiCpu, s3Cpu] = await Promise.all([api.request<number>({ op: 'cpu' }), s3.request<number>({ op: 'cpu' })]);
        const run = await load(bases[mode], paths[route], plan(route, mode));
        const counts = await api.request<InstanceCounts>({ op: 'counts', mode });
        const [apiCpuAfter, s3CpuAfter] = await Promise.all([api.request<number>({ op: 'cpu' }), s3.request<number>({ op: 'cpu' })]);
        const requests = Math.max(1, counts.http);
        if (run.failures > 0) problems.push(`${route}/${mode}: ${run.failures} failed or non-2xx responses in round ${round}`);
        if (counts.busy) problems.push(`${route}/${mode}: repository calls still running 30 s after round ${round}`);
        if (mode === 'warm') warmS3[route] += counts.s3;
        if (round > 0) {
          samples.get(`${route}/${mode}`)?.push({
            ...run,
            s3PerRequest: counts.s3 / requests,
            apiCpuMs: (apiCpuAfter - apiCpu) / 1000 / requests,
            s3CpuMs: (s3CpuAfter - s3Cpu) / 1000 / requests,
            counts,
          });
        }
      }
    }
    console.log(`Measured in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);

    const stat = (route: Route, mode: Mode, field: Exclude<keyof Sample, 'counts'>) =>
      median((samples.get(`${route}/${mode}`) ?? []).map((s) => s[field]));
    const ratio = (route: Route) => stat(route, 'warm', 'rps') / stat(route, 'cold', 'rps');
    const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
    const rows = cells.map(({ route, mode }) => [
      ROUTE_NAMES[route],
      `${mode} (${describePlan(plan(route, mode))})`,
      fixed(stat(route, mode, 'rps'), stat(route, mode, 'rps') < 100 ? 1 : 0),
      fixed(stat(route, mode, 'p50'), 2),
      fixed(stat(route, mode, 'p99'), 2),
      fixed(stat(route, mode, 's3PerRequest'), stat(route, mode, 's3PerRequest') === 0 ? 0 : 2),
      mode === 'warm' ? `${fixed(ratio(route), 0)}x` : '—',
      fixed(stat(route, mode, 'apiCpuMs'), 3),
      fixed(stat(route, mode, 's3CpuMs'), 3),
    ]);
    printTable(['route', 'mode', 'req/s', 'p50 ms', 'p99 ms', 'S3 req/request', 'warm/cold', 'API CPU ms/req', 'S3 server CPU ms/req'], rows);

    const commands = (route: Route, mode: Mode) => {
      const totals: Record<string, number> = {};
      let http = 0;
      for (const sample of samples.get(`${route}/${mode}`) ?? []) {
        http += sample.counts.http;
        for (const [command, n] of Object.entries(sample.counts.s3ByCommand)) totals[command] = (totals[command] ?? 0) + n;
      }
      return Object.entries(totals)
        .map(([command, n]) => `${(n / Math.max(1, http)).toFixed(2)} ${command.replace(/Command$/, '')}`)
        .join(' + ') || 'none';
    };
    console.log(`\nS3 requests per cold request: ${ROUTES.map((r) => `${r} ${commands(r, 'cold')}`).join('; ')}.`);
    console.log(`Warm runs (warm-up round included) sent ${warmS3.id} S3 requests on the id route and ${warmS3.list} on the list route.`);

    const zero = warmS3.id === 0 && warmS3.list === 0;
    const cpu = (route: Route, mode: Mode) => stat(route, mode, 'apiCpuMs');
    return [
      ...problems.map((problem) => `FAIL  API correctness: ${problem}`),
      verdict('API warm vs cold req/s, GET /products/:id', ratio('id'), 20),
      verdict('API warm vs cold req/s, filtered sorted list page', ratio('list'), 20),
      `INFO  API CPU per request, cold vs warm: by id ${fixed(cpu('id', 'cold'), 3)} ms vs ${fixed(cpu('id', 'warm'), 3)} ms ` +
        `(+ ${fixed(stat('id', 'cold', 's3CpuMs'), 3)} ms in the S3 server per cold request), list ${fixed(cpu('list', 'cold'), 0)} ms vs ${fixed(cpu('list', 'warm'), 3)} ms ` +
        `(+ ${fixed(stat('list', 'cold', 's3CpuMs'), 0)} ms in the S3 server)`,
      `${zero ? 'PASS' : 'MISS'}  API S3 requests per warm request: ${fixed(stat('id', 'warm', 's3PerRequest'), 4)} by id, ${fixed(stat('list', 'warm', 's3PerRequest'), 4)} list (${warmS3.id + warmS3.list} in all warm runs; target 0)`,
    ];
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    await Promise.allSettled(children.reverse().map((child) => child.stop()));
    await rm(directory, { recursive: true, force: true });
  }
}

if (require.main === module) {
  benchProductsApi(Number(process.env.BENCH_ROUNDS ?? 3))
    .then((verdicts) => {
      console.log('\n### Targets\n');
      verdicts.forEach((line) => console.log(`- ${line}`));
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
