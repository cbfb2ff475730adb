/**
 * The middleware's behaviour suite on Express 4 (`express4`, the aliased root
 * devDependency): every module loaded here gets Express 4 for `express`, so the
 * suites below build their apps with it through `helpers/server.ts`.
 */
jest.mock('express', () => jest.requireActual('express4'));

import { expressMajor } from './helpers/server';
import './capture-replay.test';
import './coalescing.test';
import './conditional.test';
import './fail-open-misbehaving.test';
import './fail-open.test';
import './http-policy-freshness.test';
import './http-policy-headers.test';
import './http-policy-invalidation.test';
import './http-policy-range-head.test';
import './http-policy-request-directives.test';
import './http-policy-revalidation.test';
import './http-policy-stale-while-revalidate.test';
import './http-policy-vary.test';
import './interop.test';
import './invalidation.test';
import './key-meaning.test';
import './keys.test';
import './observability.test';
import './safety.test';
import './stale.test';

it('runs on Express 4', () => {
  expect(expressMajor).toBe(4);
});
