/** Reads the stock of product objects straight from S3 (no API, no cache), for the steady-phase probe and the final phase. */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createS3Client } from '../../src/s3';
import { StorageLayout } from '../../src/storage/storage-layout';

/** A client of the run's S3 server that reads product objects. */
export class S3Reader {
  private readonly client: S3Client;
  private readonly layout = new StorageLayout();

  constructor(endpoint: string, private readonly bucket: string, credentials: Readonly<{ accessKeyId: string; secretAccessKey: string }>) {
    this.client = createS3Client({
      endpoint, region: 'us-east-1', ...credentials, forcePathStyle: true, connectTimeoutMs: 1000, requestTimeoutMs: 5000, maxAttempts: 1,
    });
  }

  /** The `stock` of the product object, or `undefined` when it is missing or unreadable. */
  async stock(id: string): Promise<number | undefined> {
    try {
      const answer = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.layout.productKey(id) }));
      const stock = (JSON.parse((await answer.Body?.transformToString()) ?? '') as { stock?: unknown }).stock;
      return typeof stock === 'number' ? stock : undefined;
    } catch {
      return undefined;
    }
  }

  /** The stock of every product in `ids`. */
  async stocks(ids: readonly string[]): Promise<Map<string, number | undefined>> {
    return new Map(await Promise.all(ids.map(async (id) => [id, await this.stock(id)] as const)));
  }

  close(): void {
    this.client.destroy();
  }
}
