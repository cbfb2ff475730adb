import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type { Logger } from 'pino';
import type { S3Client } from '@aws-sdk/client-s3';
import { type AssembledApi, assembleApi } from './assemble';
import type { Caches } from './caches';
import type { Config } from './config/config';
import { listen, listenError } from './http/listen';
import { createS3Client, type EmbeddedS3, type S3ClientSettings, s3ClientSettings, startEmbeddedS3 } from './s3';

/** A running API: its server, where S3 is, and how to stop everything. */
export interface Runtime {
  readonly app: Express;
  readonly server: Server;
  /** e.g. `http://127.0.0.1:3000` */
  readonly url: string;
  readonly s3Endpoint: string;
  /** The embedded S3 server, when `S3_ENDPOINT` was unset. */
  readonly embedded: EmbeddedS3 | undefined;
  readonly caches: Caches;
  /**
   * Graceful stop: stops accepting connections, lets in-flight requests finish
   * (at most `SHUTDOWN_TIMEOUT_MS`), then closes caches, the S3 client and the
   * embedded server. Idempotent.
   */
  close(): Promise<void>;
}

/**
 * Starts the API from a configuration: the embedded S3 server when no endpoint
 * is configured, the S3 client, caches, repository, app, and the HTTP server.
 * S3 being unreachable does not stop the start: `/readyz` reports it.
 */
export async function startRuntime(config: Config, logger: Logger): Promise<Runtime> {
  const embedded = config.S3_ENDPOINT === undefined ? await startEmbedded(config) : undefined;
  let started: { settings: S3ClientSettings; client: S3Client; api: AssembledApi } | undefined;
  let server: Server;
  try {
    const settings = s3ClientSettings(config, embedded);
    const client = createS3Client(settings);
    started = { settings, client, api: assembleApi({ config, client, logger }) };
    server = await listen(started.api.app, config.PORT, config.HOST);
  } catch (error) {
    // Nothing may outlive a failed start (a running embedded server would keep the process alive).
    await started?.api.close();
    started?.client.destroy();
    await embedded?.close();
    throw error;
  }
  const { settings, client, api } = started;
  const { app, caches } = api;
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    app,
    server,
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`,
    s3Endpoint: settings.endpoint ?? `https://s3.${config.S3_REGION}.amazonaws.com`,
    embedded,
    caches,
    close: () =>
      (closing ??= (async () => {
        // Stop accepting; idle keep-alive sockets close now, busy ones when their request is done,
        // and whatever is still running after SHUTDOWN_TIMEOUT_MS is cut.
        const cut = setTimeout(() => server.closeAllConnections(), config.SHUTDOWN_TIMEOUT_MS);
        await new Promise<void>((resolve) => server.close(() => resolve()));
        clearTimeout(cut);
        await api.close();
        client.destroy();
        await embedded?.close();
      })()),
  };
}

/** The embedded S3 server, or a {@link ListenError} naming it when its port or address is unusable. */
async function startEmbedded(config: Config): Promise<EmbeddedS3> {
  try {
    return await startEmbeddedS3({ directory: config.EMBEDDED_S3_DIR, bucket: config.S3_BUCKET, port: config.EMBEDDED_S3_PORT });
  } catch (error) {
    if (typeof (error as { syscall?: unknown } | null)?.syscall === 'string') throw listenError(error, config.EMBEDDED_S3_PORT, '127.0.0.1', 'embedded S3');
    throw error;
  }
}
