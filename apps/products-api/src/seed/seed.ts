/**
 * Loads demo products into a repository, idempotently by SKU: one `scan()` up
 * front finds the demo SKUs already present, the missing ones are created with
 * bounded concurrency, and a `DuplicateSkuError` on create (another writer got
 * there first) counts as skipped, not as a failure.
 */
import { randomUUID } from 'node:crypto';
import type { ProductRepository } from '../storage/product-repository';
import { DuplicateSkuError } from '../storage/errors';
import { DEFAULT_SEED, demoSku, MAX_SEED, generateDemoProduct, toDemoProduct } from './generate';

/** Progress of a run, reported after the scan and after every product. */
export interface SeedProgress {
  /** Products to create after the scan (`count` minus those already present). */
  readonly total: number;
  /** Products of `total` handled so far (created, skipped or failed). */
  readonly done: number;
  readonly created: number;
  /** Already present: found by the scan, or a duplicate SKU on create. */
  readonly skipped: number;
  readonly failed: number;
  /** Of `skipped`, those found by the scan (not part of `total`). */
  readonly alreadyPresent: number;
}

/** A product that could not be created. */
export interface SeedFailure {
  readonly sku: string;
  readonly error: unknown;
}

/** Outcome of {@link seedProducts}. `created + skipped + failed + notAttempted === count`. */
export interface SeedResult {
  readonly created: number;
  readonly skipped: number;
  readonly failed: number;
  /** Of `skipped`, those found by the up-front scan. */
  readonly alreadyPresent: number;
  /** Products never tried: the run was aborted or stopped after too many failures. */
  readonly notAttempted: number;
  /** The first failures (at most {@link MAX_REPORTED_FAILURES}), for the report. */
  readonly failures: readonly SeedFailure[];
  /** Why the run ended early, if it did. */
  readonly stopped: 'aborted' | 'too-many-failures' | undefined;
}

/** Options of {@link seedProducts}. */
export interface SeedOptions {
  /** Where to write (only `scan` and `create` are used). */
  repository: Pick<ProductRepository, 'scan' | 'create'>;
  /** Demo products `1..count` are ensured. Integer >= 0. */
  count: number;
  /** Most creates in flight at once (1..1024). Default 16. */
  concurrency?: number;
  /** Generator seed (see `generateDemoProduct`). Default {@link DEFAULT_SEED}. */
  seed?: number;
  /** Called after the scan (`done` 0) and after each product. Must not throw. */
  onProgress?: (progress: SeedProgress) => void;
  /** No new product is started once this many have failed. Default 25. */
  maxFailures?: number;
  /** Aborting stops starting new products; those in flight finish. */
  signal?: AbortSignal;
  /** Id of a new product. Default `randomUUID`. */
  newId?: () => string;
  /** Timestamp of new products. Default: now. */
  now?: () => Date;
}

/** Failures kept in {@link SeedResult.failures}. */
export const MAX_REPORTED_FAILURES = 10;

/** Default of {@link SeedOptions.concurrency}. */
export const DEFAULT_SEED_CONCURRENCY = 16;

/**
 * Ensures demo products `1..count` exist (by SKU).
 * @throws RangeError for a bad option; whatever `repository.scan()` throws (nothing is written then).
 */
export async function seedProducts(options: SeedOptions): Promise<SeedResult> {
  const { repository, count, onProgress, signal } = options;
  const concurrency = options.concurrency ?? DEFAULT_SEED_CONCURRENCY;
  const seed = options.seed ?? DEFAULT_SEED;
  const maxFailures = options.maxFailures ?? 25;
  const newId = options.newId ?? randomUUID;
  const now = options.now ?? (() => new Date());
  if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`count must be an integer >= 0, got ${String(count)}`);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 1024) {
    throw new RangeError(`concurrency must be an integer in 1..1024, got ${String(concurrency)}`);
  }
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) throw new RangeError(`seed must be an integer in 0..${MAX_SEED}, got ${String(seed)}`);
  if (!(maxFailures >= 1)) throw new RangeError(`maxFailures must be >= 1, got ${String(maxFailures)}`);

  const existing = new Set((await repository.scan()).map((p) => p.sku));
  const pending: number[] = [];
  for (let index = 1; index <= count; index += 1) {
    if (!existing.has(demoSku(index))) pending.push(index);
  }

  let created = 0;
  let skipped = count - pending.length;
  let failed = 0;
  let done = 0;
  let next = 0;
  const failures: SeedFailure[] = [];
  const alreadyPresent = skipped;
  const report = (): void => onProgress?.({ total: pending.length, done, created, skipped, failed, alreadyPresent });
  report();

  const stopReason = (): SeedResult['stopped'] =>
    signal?.aborted ? 'aborted' : failed >= maxFailures ? 'too-many-failures' : undefined;

  const worker = async (): Promise<void> => {
    while (next < pending.length && stopReason() === undefined) {
      const fields = generateDemoProduct(pending[next], seed);
      next += 1;
      try {
        await repository.create(toDemoProduct(fields, newId(), now()));
        created += 1;
      } catch (error) {
        if (error instanceof DuplicateSkuError) {
          skipped += 1;
        } else {
          failed += 1;
          if (failures.length < MAX_REPORTED_FAILURES) failures.push({ sku: fields.sku, error });
        }
      }
      done += 1;
      report();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, pending.length) }, worker));

  return {
    created,
    skipped,
    failed,
    alreadyPresent,
    notAttempted: pending.length - next,
    failures,
    stopped: next < pending.length ? stopReason() : undefined,
  };
}
