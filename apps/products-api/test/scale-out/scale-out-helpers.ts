import type { ApiFixture } from '../helpers/api-fixture';

/** Bus messages from other instances that `api`'s data cache applied so far. */
export function received(api: ApiFixture): number {
  return (api.caches.data.stats().bus?.received as number | undefined) ?? 0;
}

/**
 * Waits for something that happens over the network (a pub/sub message, a
 * reconnect), checking between event-loop turns; fails after `timeoutMs`.
 */
export async function eventually(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}
