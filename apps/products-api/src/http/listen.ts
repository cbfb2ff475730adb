import { createServer, type RequestListener, type Server } from 'node:http';
import { answerClientError } from './client-error';

/** A server could not listen; the message is one line for a human (e.g. `port 3000 is already in use`). */
export class ListenError extends Error {
  override readonly name = 'ListenError';

  constructor(
    message: string,
    /** The system error code (`EADDRINUSE`, `EADDRNOTAVAIL`, `ENOTFOUND`, ...), if any. */
    readonly code: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Turns a failure of `listen(port, host)` into a {@link ListenError}; `what` names the server (`''` for the API). */
export function listenError(error: unknown, port: number, host: string, what = ''): ListenError {
  const code = (error as { code?: unknown } | null)?.code;
  const prefix = what === '' ? '' : `${what} `;
  const name = typeof code === 'string' ? code : undefined;
  const message = (() => {
    switch (name) {
      case 'EADDRINUSE':
        return `${prefix}port ${port} is already in use`;
      case 'EACCES':
        return `${prefix}port ${port} needs privileges this process does not have`;
      case 'EADDRNOTAVAIL':
        return `${prefix}address ${host} is not an address of this machine`;
      case 'ENOTFOUND':
      case 'EAI_AGAIN':
      case 'EAI_FAIL':
        return `${prefix}address ${host} is not a known host name or IP address`;
      default:
        return `${prefix}cannot listen on ${host}:${port}: ${error instanceof Error ? error.message : String(error)}`;
    }
  })();
  return new ListenError(message, name, { cause: error });
}

/**
 * An HTTP server for `handler`, listening on `host:port`; resolves once it listens, rejects with
 * a {@link ListenError} when it cannot (busy port, an address that is not local, ...). Requests
 * Node's parser refuses are answered in the API's error shape ({@link answerClientError}).
 */
export function listen(handler: RequestListener, port: number, host: string): Promise<Server> {
  const server = createServer(handler);
  server.on('clientError', answerClientError);
  return new Promise((resolve, reject) => {
    const failed = (error: unknown): void => {
      server.off('listening', listening);
      reject(listenError(error, port, host));
    };
    const listening = (): void => {
      server.off('error', failed);
      resolve(server);
    };
    server.once('error', failed);
    server.once('listening', listening);
    server.listen(port, host);
  });
}
