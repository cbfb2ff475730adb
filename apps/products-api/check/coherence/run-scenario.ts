/** One scenario end to end: start, setup, steady phase (with faults), quiet period, final phase, checks, report. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { checkHistory, type StatusRules } from './check';
import { startCluster } from './cluster';
import { lostConditionalPuts, scrapeMetrics } from './conditional-puts';
import { checkFinal } from './final-check';
import { checkQuiet } from './quiet-check';
import { S3Reader } from './s3-reader';
import { finalReadings } from './final-phase';
import { InstanceClient } from './http-client';
import type { CheckOptions } from './options';
import { Recorder } from './recorder';
import { distribution, summary, violationReport } from './report';
import type { Scenario } from './scenarios';
import type { RealS3Settings } from '../../test/helpers/real-s3';
import { probeS3, runWorkload, setupProducts } from './workload';

/** What a scenario run found. */
export interface ScenarioResult {
  readonly scenario: string;
  readonly violations: number;
  readonly historyFile: string;
  readonly wallMs: number;
  readonly requests: number;
  readonly writes: number;
  /** Writes answered 409 `concurrent_update` (every If-Match attempt lost; only on a real S3). */
  readonly concurrentUpdates: number;
  /** Conditional PUTs S3 refused (412), summed over the instances' `/metrics`. */
  readonly lostConditionalPuts: number;
}

/** A write the service gave up after losing every If-Match attempt: it never took effect (the model drops 4xx writes). */
export const CONCURRENT_UPDATE = { status: 409, code: 'concurrent_update' } as const;

const REDIS_DOWN_MS = 2000;
const RECOVERY_MS = 3000;

/** Runs `scenario` (on a fresh bucket of `real` when given) and prints its report. */
export async function runScenario(scenario: Scenario, options: CheckOptions, outDir: string, real?: RealS3Settings): Promise<ScenarioResult> {
  const wallStart = performance.now();
  console.log(`\n=== ${scenario.name}: ${scenario.description} (seed ${options.seed}, ${options.seconds} s, D = ${options.lagMs} ms)`);
  const cluster = await startCluster(scenario, outDir, options.seed, real);
  if (real) console.log(`  S3: bucket ${cluster.s3.bucket} on ${cluster.s3.endpoint}`);
  const start = performance.now();
  const clients = cluster.instances.map((i) => new InstanceClient(i.name, i.url, start, options.timeoutMs));
  const recorder = new Recorder();
  const reader = new S3Reader(cluster.s3.endpoint, cluster.s3.bucket, cluster.s3.credentials);
  const historyFile = path.join(outDir, `${scenario.name}.history.jsonl`);
  try {
    const workload = { products: options.products, hot: options.hot, loopsPerInstance: options.loops, seed: options.seed, twins: scenario.twins, maxOpsPerLoop: 1_000_000, until: 0 };
    const { ids, values } = await setupProducts(clients, recorder, workload);
    const now = () => clients[0].now();
    const until = now() + options.seconds * 1000;
    const windows: Array<{ from: number; to: number }> = [];
    const fault = scenario.redisKill
      ? (async () => {
          await new Promise((resolve) => setTimeout(resolve, options.seconds * 350));
          const { from, to } = await cluster.killAndRestartRedis(REDIS_DOWN_MS, now);
          windows.push({ from, to: to + RECOVERY_MS });
          console.log(`  redis SIGKILLed at ${from.toFixed(0)} ms, back at ${to.toFixed(0)} ms; recovery window until ${(to + RECOVERY_MS).toFixed(0)} ms`);
        })()
      : Promise.resolve();
    await Promise.all([runWorkload(clients, recorder, ids, values, { ...workload, until }), probeS3(reader, ids, recorder, now, until), fault]);
    const steadyEnd = now();
    await new Promise((resolve) => setTimeout(resolve, options.lagMs + 250));
    const final = await finalReadings(reader, clients, ids);
    let lost = 0;
    for (const instance of cluster.instances) {
      const metrics = await scrapeMetrics(instance.url);
      writeFileSync(path.join(outDir, `${scenario.name}-api-${instance.name}.metrics.txt`), metrics);
      lost += lostConditionalPuts(metrics);
    }
    recorder.write(historyFile);

    const rules: StatusRules = {
      slowMs: options.slowMs,
      allowedWriteErrors: [CONCURRENT_UPDATE, ...(scenario.redisKill ? [{ status: 503, code: 'cache_invalidation_failed' }] : [])],
    };
    const writes = recorder.operations.filter((op) => op.kind === 'write');
    const concurrentUpdates = writes.filter((op) => op.status === CONCURRENT_UPDATE.status && op.errorCode === CONCURRENT_UPDATE.code).length;
    const result = checkHistory(recorder.operations, { lagMs: options.lagMs, instances: scenario.instances, recoveryWindows: windows }, rules);
    const quiet = checkQuiet(recorder.operations, recorder.probes, { lagMs: options.lagMs, recoveryWindows: windows });
    const finalViolations = checkFinal(result.model, final.s3, final.observations);
    const violations = [...result.violations, ...quiet.violations, ...finalViolations];
    const lines = [
      `  steady phase ${steadyEnd.toFixed(0)} ms; ${ids.length} products (${options.hot} hot)${cluster.proxy ? `; PUTs of A delayed: ${cluster.proxy.delayed()}` : ''}`,
      ...summary(recorder.operations),
      `  If-Match PUTs refused by S3 ${lost} (instances' /metrics; on Ceph RGW an instance's first If-Match requests, with the quoted ETag, are among them): ` +
        `updates retried ${Math.max(0, lost - concurrentUpdates)} at most, given up ${concurrentUpdates} (409 concurrent_update, counted above, not a violation)`,
      `  cross-instance staleness (R.inv - earliest superseding ack, other instance): ${distribution(result.crossStaleness)}` +
        (windows.length ? `; beyond D inside the recovery window (allowed): ${result.allowedInWindow}` : ''),
      `  quiet agreement: ${quiet.judged} reads (list items included) made while their product had no write in flight for > D, against ${recorder.probes.length} reads of S3 itself`,
      `  final phase: ${final.observations.length} observations + S3 on ${ids.length} products`,
      ...violationReport(violations),
      `  history: ${historyFile}`,
    ];
    console.log(lines.join('\n'));
    if (violations.some((v) => v.kind === 'server-error' || v.kind === 'timeout')) {
      console.log(`  logs of the processes (tails):\n${cluster.tails()}`);
    }
    return {
      scenario: scenario.name, violations: violations.length, historyFile, wallMs: performance.now() - wallStart,
      requests: recorder.operations.length, writes: writes.length, concurrentUpdates, lostConditionalPuts: lost,
    };
  } finally {
    for (const client of clients) client.close();
    reader.close();
    await cluster.close();
  }
}
