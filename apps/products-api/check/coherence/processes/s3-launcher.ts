/**
 * Child-process entry: the app's embedded S3 server (`startEmbeddedS3`), shared
 * by the API instances of a coherence run. Usage: `s3-launcher.ts <directory> <bucket>`.
 * Prints one JSON line `{"endpoint": "..."}` when listening; stops on SIGTERM or
 * when its stdin closes (the checker died).
 */
import { startEmbeddedS3 } from '../../../src/s3';

async function main(): Promise<void> {
  const [directory, bucket] = process.argv.slice(2);
  if (!directory || !bucket) throw new Error('usage: s3-launcher <directory> <bucket>');
  const server = await startEmbeddedS3({ directory, bucket });
  process.stdout.write(`${JSON.stringify({ endpoint: server.endpoint })}\n`);
  const stop = (): void => void server.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.stdin.on('end', stop);
  process.stdin.resume();
}

main().catch((error: unknown) => {
  process.stderr.write(`s3-launcher failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
