import { EventEmitter } from 'node:events';
import { deferred, flushMicrotasks, type Deferred } from '@s3verless/cache/testing';
import type { Redis } from 'ioredis';
import { LeaseSignals } from '../../src/redis/lease-signals';
import { pollForValue, type LockTimer, type Peek } from '../../src/redis/lock-wait';

/** The subscriber connection, in memory: the test emits its messages and reconnections. */
class FakeSubscriber extends EventEmitter {
  status = 'ready';
  readonly subscribe = jest.fn(async (...channels: Buffer[]) => channels.length);
  readonly unsubscribe = jest.fn(async (..._channels: Buffer[]) => 0);
  readonly disconnect = jest.fn(() => undefined);
  message(channel: string): void {
    this.emit('messageBuffer', Buffer.from(channel, 'latin1'), Buffer.alloc(0));
  }
}

/** A lock timer whose pauses end when the test says so. */
class StepTimer implements LockTimer {
  readonly pauses: Array<Deferred<void>> = [];
  now(): number {
    return 0;
  }
  sleep(): Promise<void> {
    const pause = deferred();
    this.pauses.push(pause);
    return pause.promise;
  }
}

describe('LeaseSignals (the wake-ups of lock waiters)', () => {
  let connection: FakeSubscriber;
  let signals: LeaseSignals;

  beforeEach(() => {
    connection = new FakeSubscriber();
    signals = new LeaseSignals(() => connection as unknown as Redis);
  });

  it('subscribes a channel once for all its watches, and unsubscribes when the last one stops', async () => {
    const first = signals.watch(Buffer.from('L'));
    const second = signals.watch(Buffer.from('L'));
    expect(connection.subscribe).toHaveBeenCalledTimes(1);
    first.stop();
    first.stop();
    expect(connection.unsubscribe).not.toHaveBeenCalled();
    second.stop();
    expect(connection.unsubscribe).toHaveBeenCalledWith(Buffer.from('L'));
    expect(signals.watched).toBe(0);
  });

  it('wakes a waiter when its subscription is active, at each message on its channel, and after a reconnection', async () => {
    const watch = signals.watch(Buffer.from('L'));
    await watch.next(); // subscribed: look once, whatever happened before
    watch.mark();
    const woken = jest.fn();
    void watch.next().then(woken);
    connection.message('other');
    await flushMicrotasks();
    expect(woken).not.toHaveBeenCalled();
    connection.message('L');
    await flushMicrotasks();
    expect(woken).toHaveBeenCalledTimes(1);
    watch.mark();
    connection.emit('ready'); // reconnected: subscribes again, then wakes (messages may have been lost)
    expect(connection.subscribe).toHaveBeenLastCalledWith(Buffer.from('L'));
    await watch.next();
  });

  it('makes a waiter look again at once when a signal came while it was looking (after a pause that ran out)', async () => {
    const timer = new StepTimer();
    const watch = signals.watch(Buffer.from('L'));
    const looks: Array<Deferred<Peek<string>>> = [];
    const peek = () => {
      const look = deferred<Peek<string>>();
      looks.push(look);
      return look.promise;
    };
    const outcome = pollForValue(peek, 1000, 50, timer, watch);
    await flushMicrotasks();
    expect(looks).toHaveLength(1); // woken by the subscription
    looks[0].resolve({ kind: 'held' });
    await flushMicrotasks();
    timer.pauses[1].resolve(); // the pause runs out: the wake-up it raced with is still pending
    await flushMicrotasks();
    expect(looks).toHaveLength(2);
    connection.message('L'); // the lease ends while the second look is on its way
    looks[1].resolve({ kind: 'held' }); // ... which saw it still held
    await flushMicrotasks();
    expect(looks).toHaveLength(3); // no pause ended: the signal did
    looks[2].resolve({ kind: 'gone' });
    expect(await outcome).toEqual({ kind: 'gone' });
  });

  it('after close(): disconnects, and later watches are never signalled', async () => {
    signals.watch(Buffer.from('L'));
    signals.close();
    expect(connection.disconnect).toHaveBeenCalledTimes(1);
    const late = signals.watch(Buffer.from('M'));
    const woken = jest.fn();
    void late.next().then(woken);
    connection.message('M');
    await flushMicrotasks();
    expect(woken).not.toHaveBeenCalled();
    expect(connection.subscribe).toHaveBeenCalledTimes(1);
  });
});
