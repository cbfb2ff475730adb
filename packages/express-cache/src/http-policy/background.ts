import { IncomingMessage, type IncomingHttpHeaders, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import type { RoutedRequest } from '../middleware-call';

/** Marks a request the cache dispatched itself to revalidate in the background; read back by the middleware. */
const BACKGROUND = Symbol('s3verless.background-revalidation');

/** What a background revalidation carries to the middleware instance that started it. */
export interface BackgroundJob {
  /** The middleware instance that dispatched it (another instance passes it through its own way). */
  readonly owner: object;
  readonly key: string;
}

/** An app that can dispatch a request through its middleware and routes: Express 4 and 5. */
interface Dispatcher {
  handle(req: IncomingMessage, res: ServerResponse, done: (error?: unknown) => void): void;
  parent?: Dispatcher;
}

/** The background job a request carries, if it is one the cache dispatched itself. */
export function backgroundJobOf(req: RoutedRequest): BackgroundJob | undefined {
  return (req as unknown as Record<symbol, BackgroundJob | undefined>)[BACKGROUND];
}

/**
 * Re-dispatches a GET for the same target through the application (Express's
 * `app.handle`, from the top-most app, so every middleware and the route run
 * as for a request from the network), with `headers`, a synthetic request
 * (same remote address, empty body) and a response that goes nowhere. The
 * middleware recognises it by `job` and stores what the route answers.
 * Returns `false` when the framework cannot dispatch (Connect, `node:http`):
 * the caller then revalidates in the foreground. `done` runs when the
 * application has answered it (or failed), whoever did.
 */
export function dispatchInBackground(req: RoutedRequest, headers: IncomingHttpHeaders, job: BackgroundJob, done: () => void): boolean {
  let app = (req as { app?: Dispatcher }).app;
  if (app === undefined || typeof app.handle !== 'function') return false;
  while (app.parent !== undefined && typeof app.parent.handle === 'function') app = app.parent;
  const socket = new Socket();
  Object.defineProperty(socket, 'remoteAddress', { value: req.socket?.remoteAddress });
  Object.defineProperty(socket, 'encrypted', { value: (req.socket as { encrypted?: boolean } | undefined)?.encrypted });
  const synthetic = new IncomingMessage(socket);
  synthetic.method = 'GET';
  synthetic.url = req.originalUrl ?? req.url ?? '/';
  synthetic.httpVersion = '1.1';
  synthetic.httpVersionMajor = 1;
  synthetic.httpVersionMinor = 1;
  synthetic.headers = { ...headers };
  synthetic.rawHeaders = Object.entries(headers).flatMap(([name, value]) =>
    Array.isArray(value) ? value.flatMap((v) => [name, v]) : value === undefined ? [] : [name, value],
  );
  synthetic.headersDistinct = Object.fromEntries(
    Object.entries(headers).flatMap(([name, value]) => (value === undefined ? [] : [[name, Array.isArray(value) ? value : [value]]])),
  );
  synthetic.push(null);
  synthetic.complete = true;
  (synthetic as unknown as Record<symbol, BackgroundJob>)[BACKGROUND] = job;
  const response = new ServerResponse(synthetic);
  // Answered by something before the cache (which then never sees it): the job is over.
  const end = response.end;
  response.end = function (this: ServerResponse, ...args: unknown[]) {
    done();
    return (end as (...a: unknown[]) => ServerResponse).apply(this, args);
  } as ServerResponse['end'];
  try {
    app.handle(synthetic, response, () => done());
  } catch {
    done();
  }
  return true;
}
