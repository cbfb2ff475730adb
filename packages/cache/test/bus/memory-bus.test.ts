import {
  BUS_MESSAGE_VERSION,
  decodeBusMessage,
  encodeBusMessage,
  InvalidationBusError,
  MalformedBusMessageError,
  type InvalidationMessage,
} from '@s3verless/cache';
import { MemoryBusHub, type MemoryBus } from '@s3verless/cache/testing';

describe('invalidation messages (wire format)', () => {
  it.each<InvalidationMessage>([
    { origin: 'a', op: 'set', keys: ['k'], sentAt: 1.5 },
    { origin: 'a', op: 'delete', keys: ['k'] },
    { origin: 'a', op: 'deleteMany', keys: ['x', 'y', ''] },
    { origin: 'a', op: 'deletePattern', pattern: 's3v:list:*' },
    { origin: 'a', op: 'clear' },
  ])('round-trips %j as versioned JSON', (message) => {
    const text = encodeBusMessage(message);
    expect(JSON.parse(text).v).toBe(BUS_MESSAGE_VERSION);
    expect(decodeBusMessage(text)).toEqual(message);
  });

  it('keeps only the message fields (no value can ride along)', () => {
    const sneaky = { origin: 'a', op: 'set', keys: ['k'], value: 'secret' } as InvalidationMessage;
    expect(encodeBusMessage(sneaky)).not.toContain('secret');
  });

  it.each([
    ['not JSON', '{'],
    ['JSON that is not an object', '[1]'],
    ['a missing version', JSON.stringify({ origin: 'a', op: 'clear' })],
    ['an empty origin', JSON.stringify({ v: 1, origin: '', op: 'clear' })],
    ['an unknown op', JSON.stringify({ v: 1, origin: 'a', op: 'set2' })],
    ['keys missing for delete', JSON.stringify({ v: 1, origin: 'a', op: 'delete' })],
    ['a non-numeric sentAt', JSON.stringify({ v: 1, origin: 'a', op: 'clear', sentAt: 'now' })],
  ])('rejects %s with MalformedBusMessageError', (_label, text) => {
    expect(() => decodeBusMessage(text)).toThrow(MalformedBusMessageError);
  });
});

describe('MemoryBusHub', () => {
  let hub: MemoryBusHub;
  let a: MemoryBus;
  let b: MemoryBus;
  let seen: string[];

  beforeEach(() => {
    hub = new MemoryBusHub();
    a = hub.connect();
    b = hub.connect();
    seen = [];
    for (const [name, bus] of [['a', a], ['b', b]] as const) {
      bus.subscribe({
        message: (m) => seen.push(`${name}:${m.op}:${m.origin}`),
        connection: (up) => seen.push(`${name}:${up ? 'up' : 'down'}`),
        malformed: () => seen.push(`${name}:malformed`),
      });
    }
  });

  it('delivers to every member, the sender included, before publish resolves', async () => {
    await a.publish({ origin: 'A', op: 'clear' });
    expect(seen).toEqual(['a:clear:A', 'b:clear:A']);
    expect([a.published, a.received, b.received]).toEqual([1, 1, 1]);
  });

  it('holds deliveries while paused and delivers them in order on resume', async () => {
    hub.pause();
    await a.publish({ origin: 'A', op: 'delete', keys: ['1'] });
    await b.publish({ origin: 'B', op: 'clear' });
    expect(seen).toEqual([]);
    hub.resume();
    expect(seen).toEqual(['a:delete:A', 'b:delete:A', 'a:clear:B', 'b:clear:B']);
  });

  it('loses messages for a disconnected member, whose publishes reject', async () => {
    b.disconnect();
    await a.publish({ origin: 'A', op: 'clear' });
    await expect(b.publish({ origin: 'B', op: 'clear' })).rejects.toBeInstanceOf(InvalidationBusError);
    b.reconnect();
    await a.publish({ origin: 'A', op: 'delete', keys: ['k'] });
    expect(seen).toEqual(['b:down', 'a:clear:A', 'b:up', 'a:delete:A', 'b:delete:A']);
    expect(b.lost).toBe(1);
  });

  it('drops the next messages of a member that stays connected, until healed', async () => {
    b.dropIncoming(2);
    for (let i = 0; i < 3; i++) await a.publish({ origin: 'A', op: 'clear' });
    expect(seen.filter((s) => s.startsWith('b:'))).toEqual(['b:clear:A']);
    expect(b.lost).toBe(2);
  });

  it('fails publishes on demand until healed', async () => {
    a.failPublish(new Error('boom'));
    await expect(a.publish({ origin: 'A', op: 'clear' })).rejects.toThrow('boom');
    a.heal();
    await expect(a.publish({ origin: 'A', op: 'clear' })).resolves.toBeUndefined();
  });

  it('tells subscribers about malformed messages and counts them', () => {
    hub.inject('nope');
    expect(seen).toEqual(['a:malformed', 'b:malformed']);
    expect(b.malformed).toBe(1);
  });

  it('keeps delivering to the others when a subscriber throws', async () => {
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    a.subscribe({
      message: () => {
        throw new Error('subscriber bug');
      },
    });
    await b.publish({ origin: 'B', op: 'clear' });
    expect(seen).toEqual(['a:clear:B', 'b:clear:B']);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('subscriber bug'), 'S3verlessCacheWarning');
    warn.mockRestore();
  });

  it('stops delivering after unsubscribe and after close', async () => {
    const other: string[] = [];
    const unsubscribe = b.subscribe({ message: (m) => other.push(m.op) });
    unsubscribe();
    await a.publish({ origin: 'A', op: 'clear' });
    expect(other).toEqual([]);
    await b.close();
    await b.close();
    expect(b.connected).toBe(false);
    await expect(b.publish({ origin: 'B', op: 'clear' })).rejects.toBeInstanceOf(InvalidationBusError);
  });
});
