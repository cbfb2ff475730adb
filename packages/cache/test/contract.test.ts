import { CompositeCache, InMemoryCache, LRUCache } from '@s3verless/cache';
import { describeCacheBackendContract } from './contract/backend-contract';

describeCacheBackendContract('InMemoryCache', {
  create: ({ clock, defaultTtl }) => new InMemoryCache({ clock, defaultTtl }),
});

describeCacheBackendContract('InMemoryCache (bounded)', {
  create: ({ clock, defaultTtl }) => new InMemoryCache({ clock, defaultTtl, maxSize: 1000 }),
});

describeCacheBackendContract('LRUCache', {
  create: ({ clock, defaultTtl }) => new LRUCache({ clock, defaultTtl, maxSize: 1000 }),
});

describeCacheBackendContract('CompositeCache (LRU + InMemory)', {
  create: ({ clock, defaultTtl }) =>
    new CompositeCache([
      new LRUCache({ clock, defaultTtl, maxSize: 1000 }),
      new InMemoryCache({ clock, defaultTtl }),
    ]),
});
