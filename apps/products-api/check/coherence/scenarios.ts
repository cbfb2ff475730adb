/** The scenarios of the coherence check. */

/** What one scenario runs. */
export interface Scenario {
  readonly name: string;
  readonly description: string;
  /** API instances (`A`, `B`). */
  readonly instances: 1 | 2;
  readonly redis: boolean;
  /** The `REDIS_LOCK` setting of the instances. */
  readonly redisLock: boolean;
  /** Twin writes and the delay proxy between instance A and S3. */
  readonly twins: boolean;
  /** SIGKILL the redis-server mid-run and restart it on the same port. */
  readonly redisKill: boolean;
}

export const SCENARIOS: readonly Scenario[] = [
  { name: 'single', description: 'one instance, in-process caches only', instances: 1, redis: false, redisLock: false, twins: false, redisKill: false },
  { name: 'single-redis', description: 'one instance, L1 + Redis + bus', instances: 1, redis: true, redisLock: true, twins: false, redisKill: false },
  { name: 'twin-redis', description: 'two instances + Redis, twin writes, PUTs of A delayed up to 200 ms', instances: 2, redis: true, redisLock: true, twins: true, redisKill: false },
  { name: 'redis-kill', description: 'two instances + Redis, Redis SIGKILLed mid-run and restarted after 2 s', instances: 2, redis: true, redisLock: true, twins: false, redisKill: true },
];

/** An unknown scenario name. */
export class UnknownScenarioError extends Error {
  override readonly name = 'UnknownScenarioError';
}

/** The scenarios named by `--scenario` (`all` = every one). */
export function selectScenarios(name: string): Scenario[] {
  if (name === 'all') return [...SCENARIOS];
  const found = SCENARIOS.find((s) => s.name === name);
  if (!found) throw new UnknownScenarioError(`unknown scenario ${JSON.stringify(name)}; one of: all, ${SCENARIOS.map((s) => s.name).join(', ')}`);
  return [found];
}
