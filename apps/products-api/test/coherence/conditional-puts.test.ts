import { counterTotal, lostConditionalPuts } from '../../check/coherence/conditional-puts';

const METRICS = `# HELP s3_requests_total S3 request attempts by operation and outcome
# TYPE s3_requests_total counter
s3_requests_total{operation="GetObject",outcome="success"} 175
s3_requests_total{operation="PutObject",outcome="success"} 37
s3_requests_total{outcome="precondition_failed",operation="PutObject"} 42
s3_requests_total{operation="GetObject",outcome="precondition_failed"} 3
s3_request_duration_seconds_count{operation="PutObject",outcome="precondition_failed"} 42
`;

describe('conditional PUT counts from /metrics', () => {
  it('sums the samples whose labels match, in any label order', () => {
    expect(counterTotal(METRICS, 's3_requests_total', { operation: 'PutObject' })).toBe(79);
    expect(counterTotal(METRICS, 's3_requests_total', { outcome: 'precondition_failed' })).toBe(45);
    expect(lostConditionalPuts(METRICS)).toBe(42);
  });

  it('is 0 when no sample matches (the embedded S3 never refuses a PUT)', () => {
    expect(lostConditionalPuts('s3_requests_total{operation="PutObject",outcome="success"} 9\n')).toBe(0);
    expect(counterTotal('', 's3_requests_total', {})).toBe(0);
  });
});
