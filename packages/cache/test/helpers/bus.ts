/** Helpers for tests of invalidation buses over a real Redis. */
import { createServer } from 'node:net';
import type { InvalidationBus, InvalidationMessage } from '@s3verless/cache';
import { deferred } from '@s3verless/cache/testing';
import type { Redis } from 'ioredis';

/** Resolves with the next message on `bus` that `match` accepts (handlers run after those registered earlier). */
export function nextMessage(bus: InvalidationBus, match: (m: InvalidationMessage) => boolean = () => true): Promise<InvalidationMessage> {
  return waitOn(bus, (done) => ({ message: (m) => match(m) && done(m) }));
}

/** Resolves when `bus` reports the connection state `connected`. */
export function nextConnection(bus: InvalidationBus, connected: boolean): Promise<boolean> {
  return waitOn(bus, (done) => ({ message: () => undefined, connection: (c) => c === connected && done(c) }));
}

function waitOn<T>(
  bus: InvalidationBus,
  handlers: (done: (value: T) => true) => Parameters<InvalidationBus['subscribe']>[0],
  timeoutMs = 3000,
): Promise<T> {
  const result = deferred<T>();
  const timer = setTimeout(() => result.reject(new Error(`no bus event within ${timeoutMs} ms`)), timeoutMs);
  timer.unref();
  const unsubscribe = bus.subscribe(handlers((value) => (result.resolve(value), true)));
  return result.promise.finally(() => {
    clearTimeout(timer);
    unsubscribe();
  });
}

/** A TCP port on 127.0.0.1 that nothing listens on (it was just freed). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Kills the connection(s) named `name` (CLIENT KILL ID), as a network failure would. */
export async function killConnection(admin: Redis, name: string): Promise<void> {
  const list = (await admin.client('LIST')) as string;
  const ids = list
    .split('\n')
    .filter((line) => line.includes(` name=${name} `))
    .map((line) => /\bid=(\d+)/.exec(line)?.[1])
    .filter((id): id is string => id !== undefined);
  if (ids.length !== 1) throw new Error(`expected one connection named ${name}, found ${ids.length}`);
  await admin.client('KILL', 'ID', ids[0]);
}
