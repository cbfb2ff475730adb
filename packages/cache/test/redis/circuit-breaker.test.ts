import { CircuitBreaker } from '@s3verless/cache/redis';
import { ManualClock } from '@s3verless/cache/testing';

describe('CircuitBreaker', () => {
  let clock: ManualClock;
  let breaker: CircuitBreaker;

  beforeEach(() => {
    clock = new ManualClock();
    breaker = new CircuitBreaker({ failureThreshold: 3, cooldownMs: 1000, clock });
  });

  function failTimes(n: number): void {
    for (let i = 0; i < n; i++) breaker.fail(breaker.admit() ?? 'call');
  }

  it('admits every call while closed', () => {
    expect(breaker.state).toBe('closed');
    expect(breaker.admit()).toBe('call');
    expect(breaker.admit()).toBe('call');
  });

  it('opens after failureThreshold consecutive failures and then refuses every call', () => {
    failTimes(2);
    expect(breaker.state).toBe('closed');
    failTimes(1);
    expect(breaker.state).toBe('open');
    expect(breaker.consecutiveFailures).toBe(3);
    expect(breaker.admit()).toBeUndefined();
    expect(breaker.cooldownLeft()).toBe(1000);
  });

  it('counts consecutive failures only: a success in between starts over', () => {
    failTimes(2);
    breaker.succeed(breaker.admit()!);
    failTimes(2);
    expect(breaker.state).toBe('closed');
    expect(breaker.consecutiveFailures).toBe(2);
  });

  it('stays open for the whole cooldown, then lets exactly one trial through', () => {
    failTimes(3);
    clock.advance(999);
    expect(breaker.admit()).toBeUndefined();
    expect(breaker.cooldownLeft()).toBe(1);
    clock.advance(1);
    expect(breaker.state).toBe('half-open');
    expect(breaker.admit()).toBe('trial');
    expect(breaker.admit()).toBeUndefined(); // while the trial runs
    expect(breaker.state).toBe('half-open');
  });

  it('closes when the trial succeeds', () => {
    failTimes(3);
    clock.advance(1000);
    breaker.succeed(breaker.admit()!);
    expect(breaker.state).toBe('closed');
    expect(breaker.consecutiveFailures).toBe(0);
    expect(breaker.admit()).toBe('call');
  });

  it('opens again for a full cooldown when the trial fails', () => {
    failTimes(3);
    clock.advance(1500);
    breaker.fail(breaker.admit()!);
    expect(breaker.state).toBe('open');
    expect(breaker.cooldownLeft()).toBe(1000);
    clock.advance(999);
    expect(breaker.admit()).toBeUndefined();
  });

  it('ignores late outcomes of calls admitted before it opened', () => {
    const early = [breaker.admit()!, breaker.admit()!];
    failTimes(3);
    clock.advance(600);
    breaker.fail(early[0]); // neither extends the cooldown ...
    expect(breaker.cooldownLeft()).toBe(400);
    breaker.succeed(early[1]); // ... nor closes the breaker
    expect(breaker.state).toBe('open');
    clock.advance(400);
    const trial = breaker.admit()!;
    breaker.fail('call'); // a stale failure is not the trial's
    expect(breaker.state).toBe('half-open');
    breaker.succeed(trial);
    expect(breaker.state).toBe('closed');
  });
});
