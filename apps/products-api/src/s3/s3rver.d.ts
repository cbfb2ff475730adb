/**
 * Minimal typings for s3rver 3.7.1 (the package ships none): only what
 * `embedded-s3.ts` and `atomic-filesystem-store.ts` use.
 */
declare module 's3rver' {
  import type { Server } from 'node:http';
  import type { AddressInfo } from 'node:net';
  import FilesystemStore = require('s3rver/lib/stores/filesystem');

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
    /**
     * Creates the HTTP server and listens. With a callback last, returns the server at once and
     * calls the callback once it listens; without one, returns a promise that never settles when
     * listening fails (the `error` event goes unhandled and crashes the process).
     */
    listen(...args: unknown[]): Server | Promise<Server>;
    close(): Promise<void>;
    httpServer?: Server;
    /** The store the server itself uses (`this.store`). */
    store: FilesystemStore;
    /** Koa's prototype of every request context; request handlers use `ctx.store`. */
    context: { store: FilesystemStore };
  }

  export = S3rver;
}

/** An object as s3rver's controllers and store pass it around. */
declare module 's3rver/lib/models/object' {
  import type { Readable } from 'node:stream';

  namespace S3Object {
    /** Lower-case header names to values; `etag` is quoted, `content-length` a number. */
    type Metadata = Record<string, string | number>;
  }

  class S3Object {
    /** Standard headers stored with an object (besides `x-amz-meta-*`). */
    static readonly ALLOWED_METADATA: readonly string[];
    constructor(bucket: string, key: string, content: Readable | Buffer | null, metadata: S3Object.Metadata);
    bucket: string;
    key: string;
    content: Readable | Buffer | null;
    metadata: S3Object.Metadata;
    /** Set by `getObject` for a range request. */
    range?: { start: number; end: number };
    readonly size: number;
  }

  export = S3Object;
}

/** s3rver's store: every object is three files `{key}._S3rver_object`, `.md5`, `._S3rver_metadata.json`. */
declare module 's3rver/lib/stores/filesystem' {
  import S3Object = require('s3rver/lib/models/object');

  namespace FilesystemStore {
    interface ListOptions {
      delimiter?: string;
      startAfter?: string;
      prefix?: string;
      maxKeys?: number;
    }
    interface Listing {
      objects: S3Object[];
      commonPrefixes: string[];
      isTruncated: boolean;
    }
  }

  class FilesystemStore {
    static encodeKeyPath(key: string): string;
    constructor(rootDirectory: string);
    readonly rootDirectory: string;
    getBucketPath(bucket: string): string;
    getResourcePath(bucket: string, key: string | undefined, resource: string): string;
    /** Rejects with an `ENOENT` error when the object does not exist. */
    getMetadata(bucket: string, key: string): Promise<S3Object.Metadata>;
    listObjects(bucket: string, options: FilesystemStore.ListOptions): Promise<FilesystemStore.Listing>;
    /** `null` when the object does not exist. */
    getObject(bucket: string, key: string, options?: { start?: number; end?: number }): Promise<S3Object | null>;
    putObject(object: S3Object): Promise<{ size: number; md5: string }>;
    copyObject(
      srcBucket: string,
      srcKey: string,
      destBucket: string,
      destKey: string,
      replacementMetadata: S3Object.Metadata | null,
    ): Promise<S3Object.Metadata>;
    deleteObject(bucket: string, key: string): Promise<void>;
  }

  export = FilesystemStore;
}
