import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

/** A complete response held back by a {@link ResponseCapture}, not sent yet. */
export interface CapturedResponse {
  readonly status: number;
  readonly headers: OutgoingHttpHeaders;
  readonly body: Buffer;
}

/** Why a capture gave up holding the response and let it through as the route wrote it. */
export type StreamedReason = 'too-large' | 'streaming';

/** What a {@link ResponseCapture} reports, once, about the route's response. */
export interface CaptureListener {
  /** The route ended within the size limit; nothing has been sent. Call `send()` or `sendOther()`. */
  complete(captured: CapturedResponse): void;
  /** The response is being streamed through (too large, or the route asked to stream); nothing to store. */
  streamed(reason: StreamedReason): void;
  /** The client went away before the route finished. */
  aborted(): void;
}

type Encoding = BufferEncoding;
type Callback = (error?: Error | null) => void;
/** The original response methods, called with whatever arguments the route passed. */
type Original = (this: ServerResponse, ...args: unknown[]) => unknown;

/**
 * Holds a route's response in memory instead of sending it, so the middleware
 * can inspect it, store it, and send it (or something else, such as a stale
 * copy) once the route has ended. Whatever the route calls — `res.json`,
 * `res.send`, `res.write` + `res.end`, `res.writeHead` — ends up here.
 *
 * At most `maxBytes` are held: beyond that (or when the route streams:
 * `text/event-stream`, `flushHeaders()`), what was held is sent and the rest
 * passes straight through, so a large body is never held whole.
 */
export class ResponseCapture {
  private chunks: Buffer[] = [];
  private size = 0;
  private mode: 'holding' | 'passing' | 'held' | 'sent' = 'holding';
  private endCallback: Callback | undefined;
  private readonly write: Original;
  private readonly end: Original;
  private readonly writeHead: Original;
  private readonly flushHeaders: Original;
  private wroteHead = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly maxBytes: number,
    private readonly listener: CaptureListener,
    /** Runs before anything is sent or reported complete (e.g. to restore request headers). Idempotent. */
    private readonly beforeRelease: () => void = () => undefined,
  ) {
    this.write = res.write as Original;
    this.end = res.end as Original;
    this.writeHead = res.writeHead as Original;
    this.flushHeaders = res.flushHeaders as Original;
    const capture = this;
    res.write = function write(chunk: unknown, encodingOrCallback?: unknown, callback?: unknown): boolean {
      return capture.onWrite(chunk, encodingOrCallback, callback);
    } as ServerResponse['write'];
    res.end = function end(chunk?: unknown, encodingOrCallback?: unknown, callback?: unknown): ServerResponse {
      capture.onEnd(chunk, encodingOrCallback, callback);
      return res;
    } as ServerResponse['end'];
    res.writeHead = function writeHead(status: number, reasonOrHeaders?: unknown, headers?: unknown): ServerResponse {
      return capture.onWriteHead(status, reasonOrHeaders, headers);
    } as ServerResponse['writeHead'];
    res.flushHeaders = function flushHeaders(): void {
      if (capture.mode === 'holding') capture.passThrough('streaming');
      capture.flushHeaders.call(res);
    };
    res.once('close', () => {
      if (this.mode === 'holding' && !res.writableFinished) {
        this.mode = 'sent';
        this.listener.aborted();
      }
    });
  }

  /** Sends the held response with the status and headers now on `res`; `body: null` sends none (304, HEAD). */
  send(body: Buffer | null): void {
    if (this.mode !== 'held') return;
    this.mode = 'sent';
    this.beforeRelease();
    const done = this.endCallback;
    if (body === null || body.length === 0) this.end.call(this.res, done);
    else this.end.call(this.res, body, done);
  }

  private onWrite(chunk: unknown, encodingOrCallback: unknown, callback: unknown): boolean {
    if (this.mode !== 'holding') return this.write.call(this.res, chunk, encodingOrCallback, callback) as boolean;
    const cb = typeof encodingOrCallback === 'function' ? encodingOrCallback : callback;
    this.hold(chunk, typeof encodingOrCallback === 'string' ? (encodingOrCallback as Encoding) : undefined);
    if (typeof cb === 'function') process.nextTick(cb as Callback);
    return true;
  }

  private onEnd(chunk: unknown, encodingOrCallback: unknown, callback: unknown): void {
    if (this.mode !== 'holding') {
      this.end.call(this.res, chunk, encodingOrCallback, callback);
      return;
    }
    if (typeof chunk === 'function') {
      this.endCallback = chunk as Callback;
    } else {
      this.endCallback = (typeof encodingOrCallback === 'function' ? encodingOrCallback : callback) as Callback | undefined;
      this.hold(chunk, typeof encodingOrCallback === 'string' ? (encodingOrCallback as Encoding) : undefined);
    }
    if (this.mode !== 'holding') {
      // The last chunk crossed the limit: what was held has been let through.
      this.end.call(this.res, this.endCallback);
      return;
    }
    this.mode = 'held';
    this.beforeRelease();
    const body = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.size);
    this.chunks = [];
    this.listener.complete({ status: this.res.statusCode, headers: this.res.getHeaders(), body });
  }

  private onWriteHead(status: number, reasonOrHeaders: unknown, headers: unknown): ServerResponse {
    if (this.mode !== 'holding') {
      return this.writeHead.call(this.res, status, reasonOrHeaders, headers) as ServerResponse;
    }
    this.wroteHead = true;
    this.res.statusCode = status;
    if (typeof reasonOrHeaders === 'string') this.res.statusMessage = reasonOrHeaders;
    else headers = reasonOrHeaders;
    applyHeaders(this.res, headers);
    const type = this.res.getHeader('content-type');
    if (typeof type === 'string' && type.startsWith('text/event-stream')) this.passThrough('streaming');
    return this.res;
  }

  private hold(chunk: unknown, encoding: Encoding | undefined): void {
    if (chunk === undefined || chunk === null) return;
    const buffer = toBuffer(chunk, encoding);
    this.chunks.push(buffer);
    this.size += buffer.length;
    if (this.size > this.maxBytes) this.passThrough('too-large');
  }

  /** Stops holding: sends what was held and lets the rest through. */
  private passThrough(reason: StreamedReason): void {
    this.mode = 'passing';
    this.beforeRelease();
    if (this.wroteHead) this.writeHead.call(this.res, this.res.statusCode);
    const held = this.chunks;
    this.chunks = [];
    for (const chunk of held) this.write.call(this.res, chunk);
    this.listener.streamed(reason);
  }
}

function toBuffer(chunk: unknown, encoding: Encoding | undefined): Buffer {
  if (typeof chunk === 'string') return Buffer.from(chunk, encoding ?? 'utf8');
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  throw new TypeError(`The "chunk" argument must be a string, Buffer or Uint8Array; got ${typeof chunk}`);
}

function applyHeaders(res: ServerResponse, headers: unknown): void {
  if (headers === undefined || headers === null) return;
  if (Array.isArray(headers)) {
    if (headers.length > 0 && Array.isArray(headers[0])) {
      for (const [name, value] of headers as [string, string][]) res.setHeader(name, value);
    } else {
      for (let i = 0; i + 1 < headers.length; i += 2) res.setHeader(String(headers[i]), headers[i + 1] as string);
    }
    return;
  }
  for (const [name, value] of Object.entries(headers as OutgoingHttpHeaders)) {
    if (value !== undefined) res.setHeader(name, value);
  }
}
