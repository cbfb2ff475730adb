/**
 * `npm run check:coherence -- --seconds N [--scenario NAME] [--seed S]`: runs the
 * products API under concurrent clients and faults, records every request and
 * checks the history against the register model. Exit code 1 on any violation.
 */
import '../../../../bench/source-paths';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { CheckOptionError, parseOptions } from './options';
import { killAllChildren } from './processes/children';
import { runScenario, type ScenarioResult } from './run-scenario';
import { realS3FromEnvironment } from './s3-target';
import { selectScenarios, UnknownScenarioError } from './scenarios';
import { RealS3SettingsError } from '../../test/helpers/real-s3';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const scenarios = selectScenarios(options.scenario);
  const real = options.s3 === 'real' ? realS3FromEnvironment() : undefined;
  const outDir = options.out ?? mkdtempSync(path.join(tmpdir(), 's3v-coherence-'));
  mkdirSync(outDir, { recursive: true });
  console.log(`coherence check: scenarios ${scenarios.map((s) => s.name).join(', ')}; seed ${options.seed}; S3 ${real ? `${real.endpoint} (a fresh bucket per scenario)` : 'embedded'}; output in ${outDir}`);
  const started = performance.now();
  const results: ScenarioResult[] = [];
  for (const scenario of scenarios) results.push(await runScenario(scenario, options, outDir, real));
  console.log('\n=== summary');
  for (const r of results) {
    console.log(
      `  ${r.scenario}: ${r.violations === 0 ? 'OK' : `${r.violations} violation(s)`} in ${(r.wallMs / 1000).toFixed(1)} s ` +
        `(requests ${r.requests}, writes ${r.writes}, 409 concurrent_update ${r.concurrentUpdates}, If-Match PUTs refused ${r.lostConditionalPuts})`,
    );
  }
  console.log(`  total wall time ${((performance.now() - started) / 1000).toFixed(1)} s; rerun with --seed ${options.seed}`);
  return results.some((r) => r.violations > 0) ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    killAllChildren();
    if (error instanceof CheckOptionError || error instanceof UnknownScenarioError || error instanceof RealS3SettingsError) console.error(error.message);
    else console.error(`coherence check failed: ${error instanceof Error ? error.stack : String(error)}`);
    process.exitCode = 2;
  },
);
