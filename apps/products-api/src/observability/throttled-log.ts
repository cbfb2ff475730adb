import type { Logger } from 'pino';

/**
 * Logs a repeating warning at most once per `intervalMs` per topic, with the
 * count of the ones left out since the last line: a dead Redis fails every
 * request, and one line per request would drown the logs (the metrics count
 * every failure).
 */
export function throttledWarn(logger: Logger, intervalMs = 10_000, now: () => number = Date.now) {
  const last = new Map<string, { at: number; suppressed: number }>();
  return (topic: string, fields: Record<string, unknown>, message: string): void => {
    const time = now();
    const seen = last.get(topic);
    if (seen !== undefined && time - seen.at < intervalMs) {
      seen.suppressed++;
      return;
    }
    logger.warn({ ...fields, suppressed: seen?.suppressed ?? 0 }, message);
    last.set(topic, { at: time, suppressed: 0 });
  };
}
