/** The shared S3 server of a run: the app's embedded s3rver in its own child process. */
import path from 'node:path';
import { spawnChild, waitForLine, type Child } from './children';

/** A running S3 child. */
export interface S3Process {
  readonly endpoint: string;
  readonly child: Child;
}

/** Starts the embedded S3 server in a child process with its data under `directory`. */
export async function startS3Process(directory: string, bucket: string, logFile: string): Promise<S3Process> {
  const launcher = path.join(__dirname, 's3-launcher.ts');
  const child = spawnChild('s3', process.execPath, ['-r', 'ts-node/register/transpile-only', launcher, directory, bucket], logFile, {
    env: { ...process.env, TS_NODE_PROJECT: path.resolve(__dirname, '../../../../../tsconfig.test.json') },
  });
  const line = await waitForLine(child, (l) => l.startsWith('{"endpoint"'), 20_000);
  return { endpoint: (JSON.parse(line) as { endpoint: string }).endpoint, child };
}
