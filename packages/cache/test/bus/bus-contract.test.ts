import { CompositeCache, InMemoryCache, LRUCache, type CacheBackend } from '@s3verless/cache';
import { MemoryBusHub } from '@s3verless/cache/testing';
import { describeCacheBackendContract } from '../contract/backend-contract';

/** Builds another instance sharing the bus and the "L2" (standing for Redis) of a backend made below. */
const peers = new WeakMap<CacheBackend, () => CompositeCache>();

describeCacheBackendContract('CompositeCache (LRU L1 + shared L2, memory bus)', {
  create: ({ clock, defaultTtl }) => {
    const hub = new MemoryBusHub();
    const l2 = new InMemoryCache({ clock, defaultTtl });
    const make = () =>
      new CompositeCache([new LRUCache({ clock, defaultTtl, maxSize: 1000 }), l2], {
        bus: { transport: hub.connect(), localTiers: [0] },
      });
    const cache = make();
    peers.set(cache, make);
    return cache;
  },
  // Another instance: its own L1, the same L2 and bus.
  peer: (backend) => {
    const make = peers.get(backend);
    if (make === undefined) throw new Error('peer() of a backend this harness did not create');
    return make();
  },
});
