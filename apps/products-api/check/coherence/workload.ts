/**
 * The workload: P products in category "coh" created up front, then C client
 * loops per instance until the deadline, each picking writes (PATCH stock to a
 * value unique in the run, mostly on a few hot products), twin writes (one hot
 * product through two instances at once) and reads through every cached path.
 */
import type { GetOperation, ListOperation, Operation, WriteOperation } from './history';
import { errorCodeOf, type HttpOutcome, type InstanceClient } from './http-client';
import { below, mulberry32, type Random } from './prng';
import type { Recorder } from './recorder';
import type { S3Reader } from './s3-reader';

/** Workload knobs. */
export interface WorkloadOptions {
  readonly products: number;
  readonly hot: number;
  readonly loopsPerInstance: number;
  readonly seed: number;
  /** Run twin writes (needs two instances). */
  readonly twins: boolean;
  /** Stop starting operations at this time (ms from the run start). */
  readonly until: number;
  /** Upper bound on operations per loop. */
  readonly maxOpsPerLoop: number;
}

/** Shared state of the loops: the value counter and the recent values thresholds are drawn from. */
class Values {
  private counter = 1;
  private readonly recent: number[] = [];

  next(): number {
    const value = this.counter++;
    this.recent.push(value);
    if (this.recent.length > 64) this.recent.shift();
    return value;
  }

  /**
   * A list/count threshold near recent values: half of the time exactly around
   * one (a fresh key, the membership of the products near it in question), half
   * of the time rounded down to a multiple of {@link THRESHOLD_STEP}, so that the
   * same list and count keys are asked again and again and served from the caches.
   */
  threshold(random: Random): number {
    if (this.recent.length === 0) return 0;
    const near = this.recent[below(random, this.recent.length)];
    if (random() < 0.5) return Math.max(0, near - below(random, 3));
    return Math.floor(near / THRESHOLD_STEP) * THRESHOLD_STEP;
  }
}

const PAGE_SIZE = 100;
/** Rounding of the repeated thresholds (see `Values.threshold`). */
const THRESHOLD_STEP = 25;
/**
 * The steady phase alternates windows of this length with and without writes:
 * the quiet windows let every cache fill (and serve hits), so that the next
 * writes have stale copies to invalidate everywhere.
 */
const WRITE_WINDOW_MS = 500;

/** Builds operations from outcomes and records them. */
class Actions {
  constructor(private readonly recorder: Recorder) {}

  private base(client: InstanceClient, outcome: HttpOutcome): Omit<Operation, 'kind'> {
    const errorCode = outcome.status !== undefined && outcome.status >= 300 ? errorCodeOf(outcome.body) : undefined;
    return {
      id: this.recorder.id(),
      instance: client.name,
      inv: outcome.inv,
      complete: outcome.complete,
      ...(outcome.status !== undefined ? { status: outcome.status } : {}),
      ...(errorCode ? { errorCode } : {}),
      ...(outcome.error ? { error: outcome.error } : {}),
    };
  }

  async create(client: InstanceClient, sku: string, value: number): Promise<string> {
    const outcome = await client.send('POST', '/products', { body: { name: `coherence ${sku}`, sku, price: 1, category: 'coh', stock: value } });
    const id = (outcome.body as { id?: string } | undefined)?.id;
    if (outcome.status !== 201 || typeof id !== 'string') throw new Error(`setup: POST /products answered ${outcome.status ?? outcome.error}: ${JSON.stringify(outcome.body)}`);
    this.recorder.record({ kind: 'write', ...this.base(client, outcome), product: id, value } as WriteOperation);
    return id;
  }

  async write(client: InstanceClient, product: string, value: number, twin?: number): Promise<void> {
    const outcome = await client.send('PATCH', `/products/${product}`, { body: { stock: value } });
    this.recorder.record({ kind: 'write', ...this.base(client, outcome), product, value, ...(twin !== undefined ? { twin } : {}) } as WriteOperation);
  }

  async get(client: InstanceClient, product: string, path: GetOperation['path']): Promise<void> {
    const outcome = await client.send('GET', `/products/${product}`, { noCache: path === 'get-nc' });
    const stock = (outcome.body as { stock?: unknown } | undefined)?.stock;
    this.recorder.record({
      kind: 'get', path, ...this.base(client, outcome), product,
      ...(outcome.status === 200 && typeof stock === 'number' ? { value: stock } : {}),
      ...(outcome.xCache ? { xCache: outcome.xCache } : {}),
    } as GetOperation);
  }

  async list(client: InstanceClient, threshold: number, path: ListOperation['path']): Promise<void> {
    const outcome = await client.send('GET', `/products?category=coh&stock__gt=${threshold}&page_size=${PAGE_SIZE}`, { noCache: path === 'list-nc' });
    const body = outcome.body as { items?: Array<{ id: string; stock: number }>; total_count?: number } | undefined;
    this.recorder.record({
      kind: 'list', path, ...this.base(client, outcome), threshold, pageSize: PAGE_SIZE,
      ...(outcome.status === 200 && body?.items ? { items: body.items.map((p) => ({ product: p.id, value: p.stock })), totalCount: body.total_count } : {}),
      ...(outcome.xCache ? { xCache: outcome.xCache } : {}),
    } as ListOperation);
  }

  async count(client: InstanceClient, threshold: number, path: 'count' | 'count-nc'): Promise<void> {
    const outcome = await client.send('GET', `/products/count?category=coh&stock__gt=${threshold}`, { noCache: path === 'count-nc' });
    const count = (outcome.body as { count?: unknown } | undefined)?.count;
    this.recorder.record({
      kind: 'count', path, ...this.base(client, outcome), threshold,
      ...(outcome.status === 200 && typeof count === 'number' ? { count } : {}),
      ...(outcome.xCache ? { xCache: outcome.xCache } : {}),
    } as Operation);
  }
}

/** Creates the products (round robin over the instances); returns their ids, hot ones first. */
export async function setupProducts(clients: readonly InstanceClient[], recorder: Recorder, options: WorkloadOptions, values = new Values()): Promise<{ ids: string[]; values: Values }> {
  const actions = new Actions(recorder);
  const ids: string[] = [];
  for (let i = 0; i < options.products; i++) {
    ids.push(await actions.create(clients[i % clients.length], `coh-${options.seed}-${i}`, values.next()));
  }
  return { ids, values };
}

/** Runs the client loops until `options.until`. */
export async function runWorkload(clients: readonly InstanceClient[], recorder: Recorder, ids: readonly string[], values: Values, options: WorkloadOptions): Promise<void> {
  const actions = new Actions(recorder);
  let twinGroup = 0;
  // A few never-created ids, each missed again and again (a miss must stay a quick 404, also under REDIS_LOCK).
  const seedRandom = mulberry32(options.seed ^ 0x404);
  const missing = Array.from({ length: 3 }, () => missingId(seedRandom));
  const pickProduct = (random: Random, hotShare: number): string =>
    random() < hotShare ? ids[below(random, options.hot)] : ids[below(random, ids.length)];
  const loop = async (client: InstanceClient, index: number): Promise<void> => {
    const random = mulberry32(options.seed * 1000 + index);
    for (let n = 0; n < options.maxOpsPerLoop && client.now() < options.until; n++) {
      const writing = Math.floor(client.now() / WRITE_WINDOW_MS) % 2 === 1;
      // Outside the write windows the write share of the roll goes to the reads below.
      const roll = writing ? random() : 0.28 + random() * 0.72;
      if (roll < 0.22) await actions.write(client, pickProduct(random, 0.75), values.next());
      else if (roll < 0.28 && options.twins && clients.length > 1) {
        const product = ids[below(random, options.hot)];
        const group = twinGroup++;
        await Promise.all(clients.slice(0, 2).map((c) => actions.write(c, product, values.next(), group)));
      } else if (roll < 0.48) await actions.get(client, pickProduct(random, 0.6), 'get');
      else if (roll < 0.62) await actions.get(client, pickProduct(random, 0.6), 'get-nc');
      else if (roll < 0.64) await actions.get(client, missing[below(random, missing.length)], 'get-missing');
      else if (roll < 0.76) await actions.list(client, values.threshold(random), 'list');
      else if (roll < 0.84) await actions.list(client, values.threshold(random), 'list-nc');
      else if (roll < 0.93) await actions.count(client, values.threshold(random), 'count');
      else await actions.count(client, values.threshold(random), 'count-nc');
    }
  };
  await Promise.all(clients.flatMap((client, i) => Array.from({ length: options.loopsPerInstance }, (_, j) => loop(client, i * 100 + j))));
}

/**
 * Reads every product object straight from S3, one after the other, round
 * robin, until `until` (ms from the run start, by `now`): what S3 held when,
 * for the quiet-agreement check.
 */
export async function probeS3(reader: S3Reader, ids: readonly string[], recorder: Recorder, now: () => number, until: number): Promise<void> {
  for (let n = 0; now() < until; n++) {
    const product = ids[n % ids.length];
    const inv = now();
    const value = await reader.stock(product);
    recorder.probe({ product, inv, complete: now(), ...(value !== undefined ? { value } : {}) });
  }
}

/** A well-formed (v4-shaped) UUID from the PRNG. */
function missingId(random: Random): string {
  const hex = Array.from({ length: 32 }, () => below(random, 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20)}`;
}

export { Values };
