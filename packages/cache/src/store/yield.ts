import { setImmediate } from 'node:timers';

/**
 * Lets the event loop run other callbacks (I/O included) before continuing.
 * Uses the `node:timers` export rather than the global, so test fake timers
 * that replace the global `setImmediate` cannot stall a long scan.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
