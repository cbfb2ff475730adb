/**
 * Judging results with the suite's own `determineTestResult`, without
 * dependency propagation: each test stands on its own checks. Totals count
 * every test of the suite (browser-only ones included, untested in a
 * reverse-proxy run), as the suite's published tables do.
 */
import { determineTestResult, resultTypes } from '../cache-tests/test-engine/lib/results.mjs';
import suites from '../cache-tests/tests/index.mjs';

export { suites };

/** `required` (kind unset or 'required'), `optional` ('optimal') or `check`. */
export function kindOf(test) {
  if (test.kind === undefined || test.kind === 'required') return 'required';
  if (test.kind === 'optimal') return 'optional';
  return 'check';
}

const NAMES = new Map(Object.entries(resultTypes).map(([name, type]) => [type, name]));

/** The result name of one test: pass, fail, optional_fail, yes, no, setup_fail, harness_fail, retry, untested. */
export function resultOf(testId, results) {
  return NAMES.get(determineTestResult(suites, testId, results, false));
}

/** Whether a result counts as passed (a 'yes' for checks). */
export function passed(result) {
  return result === 'pass' || result === 'yes';
}

/**
 * Classifies a results object (test id → the suite's raw result).
 * @returns {{ tests: Record<string, {suite: string, kind: string, result: string, detail?: string}>,
 *   totals: Record<string, {passed: number, total: number}>,
 *   perSuite: Array<{id: string, name: string, required: {passed: number, total: number}, optional: {passed: number, total: number}, check: {passed: number, total: number}}>,
 *   counts: Record<string, number> }}
 */
export function classify(results) {
  const tests = {};
  const totals = { required: zero(), optional: zero(), check: zero() };
  const counts = {};
  const perSuite = [];
  for (const suite of suites) {
    const row = { id: suite.id, name: suite.name, required: zero(), optional: zero(), check: zero() };
    for (const test of suite.tests) {
      const kind = kindOf(test);
      const result = resultOf(test.id, results);
      const raw = results[test.id];
      tests[test.id] = { suite: suite.id, kind, result, ...(Array.isArray(raw) ? { detail: raw.join(': ') } : {}) };
      for (const bucket of [row[kind], totals[kind]]) {
        bucket.total += 1;
        if (passed(result)) bucket.passed += 1;
      }
      counts[result] = (counts[result] ?? 0) + 1;
    }
    perSuite.push(row);
  }
  return { tests, totals, perSuite, counts };
}

function zero() {
  return { passed: 0, total: 0 };
}
