import { CompositeCache, InMemoryCache, LRUCache, type TierErrorEvent } from '@s3verless/cache';
import { ManualClock, MemoryBusHub, type MemoryBus } from '@s3verless/cache/testing';

/** One instance of a service: its own L1, the shared L2, its connection to the bus. */
export interface Node {
  readonly name: string;
  readonly l1: LRUCache;
  readonly transport: MemoryBus;
  readonly cache: CompositeCache;
  readonly errors: Array<{ error: unknown; event: TierErrorEvent }>;
}

/** Several instances on one memory bus, each with an LRU L1, sharing one InMemoryCache as "L2" (standing for Redis). */
export interface Cluster {
  readonly clock: ManualClock;
  readonly hub: MemoryBusHub;
  readonly shared: InMemoryCache;
  readonly nodes: Node[];
  /** Another instance on the same bus and L2. */
  join(name: string, busOptions?: { degradedTtl?: number }): Node;
  close(): Promise<void>;
}

/** L1 keeps entries 60 s by default, the shared L2 300 s. */
export function cluster(names: readonly string[] = ['A', 'B']): Cluster {
  const clock = new ManualClock();
  const hub = new MemoryBusHub();
  const shared = new InMemoryCache({ clock, defaultTtl: 300, cleanupInterval: null });
  const nodes: Node[] = [];
  const join = (name: string, busOptions: { degradedTtl?: number } = {}): Node => {
    const l1 = new LRUCache({ clock, maxSize: 100, defaultTtl: 60, cleanupInterval: null });
    const transport = hub.connect();
    const errors: Node['errors'] = [];
    const cache = new CompositeCache([l1, shared], {
      bus: { transport, localTiers: [0], instanceId: name, ...busOptions },
      onError: (error, event) => errors.push({ error, event }),
    });
    const node = { name, l1, transport, cache, errors };
    nodes.push(node);
    return node;
  };
  names.forEach((name) => join(name));
  return {
    clock, hub, shared, nodes, join,
    close: async () => {
      await Promise.all(nodes.map((n) => n.cache.close()));
    },
  };
}
