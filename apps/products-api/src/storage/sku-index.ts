/**
 * SKU uniqueness through one marker object per SKU,
 * `{basePath}indexes/products/sku/{sku}.json` = `{"id": "<holder id>"}`.
 *
 * A marker is written with `If-None-Match: *` (or `If-Match` of the stale
 * version it replaces), which is atomic on AWS S3, MinIO and Ceph RGW (whose
 * `If-Match` quirk `S3ObjectStore.putText` handles). Servers that do not
 * enforce conditional writes (s3rver) rely on the caller holding the in-process
 * per-SKU lock around reserve + product write (see `S3ProductRepository`).
 *
 * A marker is **stale** when its holder no longer holds the SKU (the product is
 * gone or now has another SKU: a crash between two writes) **and** the marker
 * is older than `staleAfterMs`. The age condition protects a reservation that
 * another process has just made and whose product write is still in flight.
 * S3's Last-Modified has whole seconds (a marker may be up to 1 s younger
 * than it looks), so the age is counted from Last-Modified + 1 s.
 */
import { DuplicateSkuError } from './errors';
import type { StorageLogger } from './product-repository';
import type { S3ObjectStore, StoredText } from './s3-object-store';
import { isProductId, type StorageLayout } from './storage-layout';

/** Resolution of S3's Last-Modified (HTTP dates carry whole seconds). */
const LAST_MODIFIED_RESOLUTION_MS = 1000;

/** Markers are tiny; anything bigger is not ours. */
const MAX_MARKER_BYTES = 4096;

/** Settings of a {@link SkuIndex}. */
export interface SkuIndexSettings {
  readonly store: S3ObjectStore;
  readonly layout: StorageLayout;
  readonly logger: StorageLogger;
  /** Minimum age (ms) before a marker whose holder is gone may be taken over. */
  readonly staleAfterMs: number;
  /** Wall clock in ms (compared with the marker's Last-Modified). */
  readonly now: () => number;
  /** Whether product `id` currently exists with sku `sku`. */
  readonly holds: (id: string, sku: string) => Promise<boolean>;
}

/** Outcome of {@link SkuIndex.reserve}. */
export type Reservation = 'reserved' | 'already-held' | 'taken-over';

/** Reads and writes SKU markers. Callers serialise calls per SKU. */
export class SkuIndex {
  constructor(private readonly settings: SkuIndexSettings) {}

  /**
   * Makes `id` the holder of `sku`.
   * @throws DuplicateSkuError when another live product holds it, or a marker
   *   without a live holder is younger than `staleAfterMs`, or a conditional
   *   write lost against another writer.
   */
  async reserve(sku: string, id: string): Promise<Reservation> {
    const { store, layout, logger } = this.settings;
    const key = layout.skuMarkerKey(sku);
    const body = JSON.stringify({ id });
    const marker = await this.read(key);
    if (marker === undefined) {
      const outcome = await store.putText(key, body, { ifNoneMatch: '*' });
      if (!outcome.written) throw new DuplicateSkuError(sku);
      return 'reserved';
    }
    const holder = marker === 'unreadable' ? undefined : parseHolder(marker.body);
    if (holder === id) return 'already-held';
    if (holder !== undefined && (await this.settings.holds(holder, sku))) throw new DuplicateSkuError(sku);
    if (marker === 'unreadable' || marker.etag === undefined || !this.isOldEnough(marker)) {
      throw new DuplicateSkuError(sku);
    }
    const outcome = await store.putText(key, body, { ifMatch: marker.etag });
    if (!outcome.written) throw new DuplicateSkuError(sku);
    logger.warn({ sku, staleHolder: holder ?? null, newHolder: id }, 'took over a stale sku marker');
    return 'taken-over';
  }

  /** Deletes the marker of `sku` when it names `id`; `true` when it did. */
  async release(sku: string, id: string): Promise<boolean> {
    const key = this.settings.layout.skuMarkerKey(sku);
    const marker = await this.read(key);
    if (marker === undefined || marker === 'unreadable' || parseHolder(marker.body) !== id) return false;
    await this.settings.store.delete(key);
    return true;
  }

  /** The product id named by the marker of `sku` (`undefined`: no marker, or unreadable). */
  async holderOf(sku: string): Promise<string | undefined> {
    const marker = await this.read(this.settings.layout.skuMarkerKey(sku));
    return marker === undefined || marker === 'unreadable' ? undefined : parseHolder(marker.body);
  }

  private async read(key: string): Promise<StoredText | 'unreadable' | undefined> {
    const marker = await this.settings.store.getText(key, MAX_MARKER_BYTES);
    return marker === 'too-large' ? 'unreadable' : marker;
  }

  private isOldEnough(marker: StoredText): boolean {
    if (marker.lastModified === undefined) return true;
    const writtenAtLatest = marker.lastModified.getTime() + LAST_MODIFIED_RESOLUTION_MS;
    return this.settings.now() - writtenAtLatest >= this.settings.staleAfterMs;
  }
}

function parseHolder(body: string): string | undefined {
  try {
    const json: unknown = JSON.parse(body);
    const id = json !== null && typeof json === 'object' ? (json as { id?: unknown }).id : undefined;
    return isProductId(id) ? id : undefined;
  } catch {
    return undefined;
  }
}
