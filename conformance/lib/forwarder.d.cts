import type { IncomingMessage, ServerResponse } from 'node:http';

/** Options of {@link createForwarder}. */
export interface ForwarderOptions {
  /** The origin's base URL, `http://127.0.0.1:port`. */
  origin: string | URL;
  /** Told about each failed origin exchange (each one is answered with a 502). */
  onError?: (err: Error) => void;
}

/** Builds a `(req, res)` handler forwarding every request to the origin (see forwarder.cjs). */
export function createForwarder(options: ForwarderOptions): (req: IncomingMessage, res: ServerResponse) => void;
