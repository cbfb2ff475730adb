/**
 * The checker's HTTP client: one keep-alive agent per instance, a per-request
 * timeout, and times from one clock (`performance.now()` minus the run start).
 */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

/** What came back (or did not). */
export interface HttpOutcome {
  readonly inv: number;
  readonly complete: number;
  readonly status?: number;
  readonly body?: unknown;
  readonly xCache?: string;
  readonly error?: string;
}

/** A client of one API instance. */
export class InstanceClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 64 });
  private readonly target: URL;

  /**
   * @param name instance name recorded with each operation
   * @param url base URL of the instance
   * @param start the run start (`performance.now()` value) that times are relative to
   * @param timeoutMs per-request timeout
   */
  constructor(readonly name: string, url: string, private readonly start: number, private readonly timeoutMs: number) {
    this.target = new URL(url);
  }

  /** Milliseconds since the run start. */
  now(): number {
    return performance.now() - this.start;
  }

  /** Sends one request; never rejects (errors and timeouts are outcomes). */
  send(method: string, path: string, options: { body?: unknown; noCache?: boolean } = {}): Promise<HttpOutcome> {
    const payload = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body));
    const headers: Record<string, string> = {};
    if (payload) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(payload.length);
    }
    if (options.noCache) headers['cache-control'] = 'no-cache';
    const inv = this.now();
    return new Promise((resolve) => {
      let settled = false;
      const done = (outcome: Omit<HttpOutcome, 'inv' | 'complete'>): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ inv, complete: this.now(), ...outcome });
      };
      const req = request(
        { host: this.target.hostname, port: this.target.port, method, path, headers, agent: this.agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', (error) => done({ error: error.message }));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString();
            let body: unknown;
            try {
              body = text === '' ? undefined : JSON.parse(text);
            } catch {
              body = text;
            }
            const xCache = res.headers['x-cache'];
            done({ status: res.statusCode, body, ...(typeof xCache === 'string' ? { xCache } : {}) });
          });
        },
      );
      const timer = setTimeout(() => {
        done({ error: 'timeout' });
        req.destroy();
      }, this.timeoutMs);
      req.on('error', (error) => done({ error: error.message }));
      req.end(payload);
    });
  }

  /** Closes the keep-alive sockets. */
  close(): void {
    this.agent.destroy();
  }
}

/** `error.code` of an API error body, if any. */
export function errorCodeOf(body: unknown): string | undefined {
  const code = (body as { error?: { code?: unknown } } | undefined)?.error?.code;
  return typeof code === 'string' ? code : undefined;
}
