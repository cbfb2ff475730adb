/**
 * The server side of the HTTP benchmark (`http-cache.ts`), run in a child
 * process of its own so that the load generator and the servers do not share
 * one event loop. It starts one Express 5 app per contender, each on its own
 * port of 127.0.0.1, then reports the ports to the parent and answers its
 * messages (`gc`, `cpu`, `counts`, `exit`).
 *
 * Not meant to be run by hand: `http-cache.ts` forks it.
 */
import '../../../bench/source-paths';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express, type RequestHandler } from 'express';
import { LRUCache } from '../../cache/src';
import { cacheMiddleware } from '../src';
import {
  CONTENDER_IDS, type ContenderId, type ServerCounts, type ServerMessage, type ServerRequest,
} from './http-protocol';

interface Apicache {
  middleware(duration: string): RequestHandler;
}

const BACKEND_MS = 20;

/** A realistic list page: 20 products, ~5 KB of JSON. The same data on every call. */
function productPage(): object {
  const items = Array.from({ length: 20 }, (_, i) => ({
    id: `prod_${(1000 + i).toString(36)}${i}`,
    sku: `GRD-${String(4200 + i * 7).padStart(6, '0')}`,
    name: `Hand trowel, ash handle #${i + 1}`,
    category: 'garden',
    price: { amount: 1299 + i * 150, currency: 'EUR' },
    stock: (i * 37) % 120,
    rating: Math.round((3.5 + ((i * 13) % 15) / 10) * 10) / 10,
    tags: ['garden', 'hand-tools', i % 2 === 0 ? 'bestseller' : 'new'],
    updatedAt: new Date(Date.UTC(2026, 10, 1 + i, 8, 30)).toISOString(),
  }));
  return { items, page: 1, limit: 20, total: 137, nextCursor: 'eyJwYWdlIjoyfQ' };
}

const PAGE = productPage();
const PAGE_BUFFER = Buffer.from(JSON.stringify(PAGE));
const routeCalls: Record<ContenderId, number> = { none: 0, buffer: 0, apicache: 0, ours: 0, http: 0 };

/** The route under test: a 20 ms backend call, then the page as JSON (with `cacheControl`, if given). */
function listRoute(id: ContenderId, cacheControl?: string): RequestHandler {
  return async (_req, res) => {
    routeCalls[id]++;
    await new Promise((resolve) => setTimeout(resolve, BACKEND_MS));
    if (cacheControl !== undefined) res.setHeader('cache-control', cacheControl);
    res.json(PAGE);
  };
}

// The same lifetime as apicache's '5 minutes': a run of 7 rounds lasts more than a minute, and every
// measured request must be a hit (a ttl of 60 s made the page expire, and the route run, mid-run).
const ours = cacheMiddleware({ cache: new LRUCache({ maxSize: 1000 }), ttl: 300 });
// policy 'http': the route says how long (s-maxage=300, the same lifetime); Express adds its ETag.
const http = cacheMiddleware({ cache: new LRUCache({ maxSize: 1000 }), policy: 'http' });

function buildApp(id: ContenderId): Express {
  const app = express();
  const path = '/products';
  switch (id) {
    case 'none':
      app.get(path, listRoute(id));
      break;
    case 'buffer':
      // The physical limit of a hit: bytes ready, nothing to decide.
      app.get(path, (_req, res) => {
        routeCalls.buffer++;
        res.setHeader('content-type', 'application/json; charset=utf-8');
        res.end(PAGE_BUFFER);
      });
      break;
    case 'apicache': {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const apicache = require('apicache') as Apicache;
      app.use(apicache.middleware('5 minutes'));
      app.get(path, listRoute(id));
      break;
    }
    case 'ours':
      app.use(ours);
      app.get(path, listRoute(id));
      break;
    case 'http':
      app.use(http);
      app.get(path, listRoute(id, 'public, s-maxage=300'));
      break;
  }
  return app;
}

function listen(app: Express): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(0, '127.0.0.1', (error?: Error) => (error ? reject(error) : resolve(server)));
  });
}

async function main(): Promise<void> {
  if (process.send === undefined) throw new Error('http-server.ts must be forked by http-cache.ts');
  const servers = await Promise.all(CONTENDER_IDS.map((id) => listen(buildApp(id))));
  const ports = Object.fromEntries(
    CONTENDER_IDS.map((id, i) => [id, (servers[i].address() as AddressInfo).port]),
  ) as Record<ContenderId, number>;
  const send = (message: ServerMessage) => process.send?.(message);
  const exit = () => {
    for (const server of servers) server.closeAllConnections();
    process.exit(0); // a normal exit, so that --cpu-prof writes its profile
  };
  process.on('message', (request: ServerRequest) => {
    if (request.op === 'gc') {
      global.gc?.();
      send({ kind: 'reply', id: request.id });
    } else if (request.op === 'cpu') {
      const { user, system } = process.cpuUsage();
      send({ kind: 'reply', id: request.id, result: user + system });
    } else if (request.op === 'counts') {
      const pick = ({ hits, misses, stored }: ReturnType<typeof ours.stats>) => ({ hits, misses, stored });
      const counts: ServerCounts = { routeCalls: { ...routeCalls }, ours: pick(ours.stats()), http: pick(http.stats()) };
      send({ kind: 'reply', id: request.id, result: counts });
    } else if (request.op === 'exit') {
      exit();
    }
  });
  process.on('disconnect', exit); // the parent went away
  send({ kind: 'ready', ports });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
