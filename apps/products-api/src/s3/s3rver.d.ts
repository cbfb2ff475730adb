/**
 * Minimal typings for s3rver 3.7.1 (the package ships none): only what
 * `embedded-s3.ts` uses.
 */
declare module 's3rver' {
  import type { Server } from 'node:http';
  import type { AddressInfo } from 'node:net';

  namespace S3rver {
    interface BucketConfig {
      name: string;
      configs?: Array<string | Buffer>;
    }
    interface Options {
      address?: string;
      port?: number;
      silent?: boolean;
      directory?: string;
      resetOnClose?: boolean;
      vhostBuckets?: boolean;
      allowMismatchedSignatures?: boolean;
      serviceEndpoint?: string;
      configureBuckets?: BucketConfig[];
    }
  }

  class S3rver {
    constructor(options?: S3rver.Options);
    run(): Promise<AddressInfo>;
    close(): Promise<void>;
    httpServer?: Server;
  }

  export = S3rver;
}
