/**
 * The invalidation bus: how several instances of one service, each with its
 * own in-process tiers, tell each other which keys they wrote or invalidated.
 * The interface is transport-agnostic; `MemoryBusHub` (tests) and
 * `RedisInvalidationBus` (`@s3verless/cache/redis`) implement it.
 *
 * @module
 */
import { MalformedBusMessageError } from '../errors';

/** The cache operations an instance announces. */
export type InvalidationOp = 'set' | 'delete' | 'deleteMany' | 'deletePattern' | 'clear';

const OPS: ReadonlySet<string> = new Set<InvalidationOp>(['set', 'delete', 'deleteMany', 'deletePattern', 'clear']);

/**
 * One announcement: which keys (or which pattern) an instance wrote or
 * invalidated. It never carries values: a receiver evicts its in-process
 * copies and reads the shared tier (or the source) again when it needs them.
 */
export interface InvalidationMessage {
  /** Id of the sending instance; an instance ignores its own messages. */
  readonly origin: string;
  readonly op: InvalidationOp;
  /** The keys, for `set`, `delete` and `deleteMany`. */
  readonly keys?: readonly string[];
  /** The glob, for `deletePattern`. */
  readonly pattern?: string;
  /**
   * When the message was sent, in milliseconds since the epoch with sub-millisecond
   * precision (`performance.timeOrigin + performance.now()`). Receivers use it to
   * measure propagation, which is meaningful only between hosts with synchronised clocks.
   */
  readonly sentAt?: number;
}

/** What a subscriber of an {@link InvalidationBus} is told. */
export interface InvalidationBusHandlers {
  /** A message arrived (including this process's own: the receiver filters by `origin`). */
  message(message: InvalidationMessage): void;
  /**
   * The bus connection went down (`false`) or came (back) up (`true`). While it
   * is down, messages are neither sent nor received.
   */
  connection?(connected: boolean): void;
  /** A message arrived that was not a valid invalidation message; it was dropped. */
  malformed?(error: MalformedBusMessageError): void;
}

/**
 * A transport for invalidation messages between the instances of a service.
 * Delivery is at most once: a message sent while an instance is disconnected
 * is lost for it, which is why a receiver clears its in-process tiers when the
 * connection drops and again when it comes back.
 */
export interface InvalidationBus {
  /** Whether messages can currently be sent and received. */
  readonly connected: boolean;
  /**
   * Hands `message` to the transport. Rejects (promptly, without queueing) when
   * it cannot be sent, e.g. while disconnected.
   */
  publish(message: InvalidationMessage): Promise<void>;
  /** Registers handlers; returns a function that removes them. */
  subscribe(handlers: InvalidationBusHandlers): () => void;
  /** Closes the transport's connections. Idempotent. */
  close(): Promise<void>;
}

/** Version of the wire format written by {@link encodeBusMessage}. */
export const BUS_MESSAGE_VERSION = 1;

/** The wire form of a message: JSON with a version field `v`. */
export function encodeBusMessage(message: InvalidationMessage): string {
  const { origin, op, keys, pattern, sentAt } = message;
  return JSON.stringify({ v: BUS_MESSAGE_VERSION, origin, op, keys, pattern, sentAt });
}

/**
 * Parses and checks a wire message.
 * @throws MalformedBusMessageError when it is not JSON, has another version, or
 * lacks the fields its operation needs.
 */
export function decodeBusMessage(text: string): InvalidationMessage {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw malformed('not JSON', text);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw malformed('not an object', text);
  const { v, origin, op, keys, pattern, sentAt } = data as Record<string, unknown>;
  if (v !== BUS_MESSAGE_VERSION) throw malformed(`unsupported version ${JSON.stringify(v)}`, text);
  if (typeof origin !== 'string' || origin === '') throw malformed('origin must be a non-empty string', text);
  if (typeof op !== 'string' || !OPS.has(op)) throw malformed(`unknown op ${JSON.stringify(op)}`, text);
  if (sentAt !== undefined && typeof sentAt !== 'number') throw malformed('sentAt must be a number', text);
  const message = { origin, op: op as InvalidationOp, sentAt: sentAt as number | undefined };
  if (op === 'clear') return message;
  if (op === 'deletePattern') {
    if (typeof pattern !== 'string') throw malformed('deletePattern needs a string pattern', text);
    return { ...message, pattern };
  }
  if (!Array.isArray(keys) || !keys.every((k) => typeof k === 'string')) {
    throw malformed(`${op} needs keys: an array of strings`, text);
  }
  return { ...message, keys: keys as string[] };
}

function malformed(reason: string, text: string): MalformedBusMessageError {
  const shown = text.length > 80 ? `${text.slice(0, 80)}…` : text;
  return new MalformedBusMessageError(`invalidation bus message ignored (${reason}): ${shown}`);
}

/**
 * The subscribers of one transport, for transport implementations: decodes
 * wire messages and hands them (or the decoding error) to every subscriber. A
 * subscriber that throws is reported as a process warning and does not keep
 * the message from the others.
 */
export class BusSubscribers {
  private readonly handlers = new Set<InvalidationBusHandlers>();

  /** Adds handlers; returns the function that removes them. */
  add(handlers: InvalidationBusHandlers): () => void {
    this.handlers.add(handlers);
    return () => {
      this.handlers.delete(handlers);
    };
  }

  /** Removes every subscriber (when the transport closes). */
  clear(): void {
    this.handlers.clear();
  }

  /** Decodes `text` and delivers it; returns `false` (after telling the `malformed` handlers) when it is malformed. */
  deliver(text: string): boolean {
    let message: InvalidationMessage;
    try {
      message = decodeBusMessage(text);
    } catch (error) {
      this.each((h) => h.malformed?.(error as MalformedBusMessageError));
      return false;
    }
    this.each((h) => h.message(message));
    return true;
  }

  /** Tells every subscriber the connection went down or came up. */
  connection(connected: boolean): void {
    this.each((h) => h.connection?.(connected));
  }

  private each(call: (handlers: InvalidationBusHandlers) => void): void {
    for (const handlers of [...this.handlers]) {
      try {
        call(handlers);
      } catch (error) {
        process.emitWarning(`invalidation bus subscriber threw: ${String(error)}`, 'S3verlessCacheWarning');
      }
    }
  }
}
