import { Counter, Gauge, type Registry } from 'prom-client';
import type { TierSource } from './tier-samples';

/** The `stats().bus` fields of a `CompositeCache` with an invalidation bus that become metrics. */
const MESSAGE_KINDS = {
  published: 'published',
  received: 'received',
  ignored_own: 'ignoredOwn',
  malformed: 'malformed',
  publish_failed: 'publishFailures',
} as const;

type BusNumbers = { readonly connected?: unknown; readonly disconnects?: unknown } & Record<string, unknown>;

const num = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

function busesOf(watched: Readonly<Record<string, TierSource>>): Array<[string, BusNumbers]> {
  const buses: Array<[string, BusNumbers]> = [];
  for (const [cache, source] of Object.entries(watched)) {
    const bus = (source.stats() as { bus?: BusNumbers }).bus;
    if (bus !== undefined && bus !== null && typeof bus === 'object') buses.push([cache, bus]);
  }
  return buses;
}

/**
 * The invalidation bus of every watched cache that has one (read from
 * `stats().bus` at each scrape): `cache_bus_connected` (1 or 0),
 * `cache_bus_messages_total{kind}` (published, received, ignored_own,
 * malformed, publish_failed) and `cache_bus_disconnects_total`.
 */
export function registerBusMetrics(registry: Registry, watched: Readonly<Record<string, TierSource>>): void {
  new Gauge({
    name: 'cache_bus_connected', help: 'Whether the invalidation bus is connected (1) or not (0)', labelNames: ['cache'], registers: [registry],
    collect() {
      this.reset();
      for (const [cache, bus] of busesOf(watched)) this.set({ cache }, bus.connected === true ? 1 : 0);
    },
  });
  new Counter({
    name: 'cache_bus_messages_total', help: 'Invalidation bus messages by kind', labelNames: ['cache', 'kind'], registers: [registry],
    collect() {
      this.reset();
      for (const [cache, bus] of busesOf(watched)) {
        for (const [kind, field] of Object.entries(MESSAGE_KINDS)) this.inc({ cache, kind }, num(bus[field]));
      }
    },
  });
  new Counter({
    name: 'cache_bus_disconnects_total', help: 'Times the invalidation bus connection dropped (local tiers were cleared)', labelNames: ['cache'], registers: [registry],
    collect() {
      this.reset();
      for (const [cache, bus] of busesOf(watched)) this.inc({ cache }, num(bus.disconnects));
    },
  });
}
