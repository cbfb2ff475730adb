import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT, MAX_COUNT, parseSeedArgs, runSeedCli, SEED_USAGE, UsageError } from '../../src/seed/cli';
import { demoSku, generateDemoProduct } from '../../src/seed/generate';
import { createS3Client, startEmbeddedS3 } from '../../src/s3';
import { S3ProductRepository } from '../../src/storage';
import { type S3Fixture, startS3Fixture, testClientSettings } from '../helpers/s3-fixture';
import { fakeStream } from './fake-stream';

function streams(options: { isTTY?: boolean } = {}) {
  const stdout = fakeStream(options);
  const stderr = fakeStream(options);
  return { stdout, stderr, both: () => stdout.text() + stderr.text() };
}

describe('seed arguments', () => {
  test('--count is enough; defaults for the rest', () => {
    expect(parseSeedArgs(['--count', '25'])).toEqual({ help: false, count: 25, concurrency: 16, seed: 42 });
  });

  test('--name=value and every option', () => {
    expect(parseSeedArgs(['--count=7', '--concurrency=4', '--seed', '0'])).toEqual({ help: false, count: 7, concurrency: 4, seed: 0 });
    expect(parseSeedArgs(['--concurrency', '64', '--count', String(MAX_COUNT)])).toMatchObject({ count: MAX_COUNT, concurrency: 64 });
  });

  test('--help and -h win over everything else', () => {
    expect(parseSeedArgs(['--help']).help).toBe(true);
    expect(parseSeedArgs(['--count', 'oops', '-h']).help).toBe(true);
  });

  test.each([
    [[], '--count is required'],
    [['--concurrency', '4'], '--count is required'],
    [['--count'], '--count needs a value'],
    [['--count', '--concurrency', '3'], '--count needs a value'],
    [['--count', 'abc'], '--count must be a whole number in 1..100000, got "abc"'],
    [['--count', '1.5'], '--count must be a whole number'],
    [['--count', '1e3'], '--count must be a whole number'],
    [['--count', '-5'], '--count must be a whole number'],
    [['--count='], '--count must be a whole number'],
    [['--count', '0'], '--count must be in 1..100000, got 0'],
    [['--count', '100001'], '--count must be in 1..100000, got 100001'],
    [['--count', '5', '--concurrency', '0'], '--concurrency must be in 1..64'],
    [['--count', '5', '--concurrency', '65'], '--concurrency must be in 1..64'],
    [['--count', '5', '--seed', '4294967296'], '--seed must be in 0..4294967295'],
    [['--count', '5', '--count', '6'], '--count is given more than once'],
    [['--count', '5', '--frobnicate'], 'unknown option "--frobnicate"'],
    [['--count', '5', '-n', '3'], 'unknown option "-n"'],
    [['--count', '5', 'extra'], 'unexpected argument "extra"'],
  ])('%j: %s', (argv, message) => {
    expect(() => parseSeedArgs(argv)).toThrow(UsageError);
    expect(() => parseSeedArgs(argv)).toThrow(message);
  });
});

describe('runSeedCli: usage and configuration errors', () => {
  test('a usage error exits 2 with the reason and a usage line on stderr', async () => {
    const io = streams();
    expect(await runSeedCli(['--count', 'lots'], {}, io)).toBe(EXIT.usage);
    expect(EXIT.usage).toBe(2);
    expect(io.stdout.text()).toBe('');
    expect(io.stderr.text()).toMatch(/^seed: --count must be a whole number in 1\.\.100000, got "lots"\nUsage: npm run seed -- --count N/);
  });

  test('--help prints the usage on stdout and exits 0', async () => {
    const io = streams();
    expect(await runSeedCli(['--help'], {}, io)).toBe(EXIT.ok);
    expect(io.stdout.text()).toBe(SEED_USAGE);
    expect(SEED_USAGE).toContain('--count N');
    expect(io.stderr.text()).toBe('');
  });

  test('a bad environment exits 1 listing the variables, never a secret value', async () => {
    const io = streams();
    const env = { S3_BUCKET: 'Bad_Bucket', S3_ENDPOINT: 'not a url', S3_SECRET_ACCESS_KEY: 'very-secret-value' };
    expect(await runSeedCli(['--count', '5'], env, io)).toBe(EXIT.failed);
    expect(io.stderr.text()).toContain('S3_BUCKET');
    expect(io.stderr.text()).toContain('S3_ENDPOINT');
    expect(io.stderr.text()).toContain('S3_ACCESS_KEY_ID');
    expect(io.both()).not.toContain('very-secret-value');
  });

  test('an unreachable endpoint exits 1 with a hint; the endpoint is shown without credentials', async () => {
    const io = streams();
    const env = {
      S3_ENDPOINT: 'http://user:pass-in-url@127.0.0.1:9',
      S3_ACCESS_KEY_ID: 'AKIA-TEST',
      S3_SECRET_ACCESS_KEY: 'very-secret-value',
      S3_MAX_ATTEMPTS: '1',
      S3_CONNECT_TIMEOUT_MS: '500',
    };
    expect(await runSeedCli(['--count', '5'], env, io)).toBe(EXIT.failed);
    expect(io.stdout.text()).toContain('on http://127.0.0.1:9');
    expect(io.stderr.text()).toMatch(/storage failed \((unreachable|timeout)\)/);
    expect(io.stderr.text()).toContain('hint:');
    expect(io.both()).not.toContain('very-secret-value');
    expect(io.both()).not.toContain('pass-in-url');
  });
});

describe('runSeedCli end to end', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 's3verless-seed-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  /** Scans the bucket of an embedded data folder the way `npm start` would see it. */
  async function scanDataDir(dataDir: string, bucket = 's3verless') {
    const server = await startEmbeddedS3({ directory: dataDir, bucket });
    const client = createS3Client(testClientSettings(server.endpoint));
    try {
      return await new S3ProductRepository({ client, bucket }).scan();
    } finally {
      client.destroy();
      await server.close();
    }
  }

  test('--count 25 seeds the embedded data folder; a second run adds nothing', async () => {
    const dataDir = join(directory, 'embedded');
    const env = { EMBEDDED_S3_DIR: dataDir };
    const first = streams();
    expect(await runSeedCli(['--count', '25'], env, first)).toBe(EXIT.ok);
    expect(first.stdout.text()).toContain('Seeding 25 demo products (DEMO-00001..DEMO-00025, seed 42) into s3://s3verless/s3verless-data/');
    expect(first.stdout.text()).toContain(`the embedded S3 server (data in ${dataDir})`);
    expect(first.stdout.text()).toContain('0 already present; creating 25.');
    expect(first.stdout.text()).toMatch(/Done in \d+\.\ds: 25 created, 0 skipped \(already present\), 0 failed\.\n$/);
    // Not a TTY: plain progress lines, no carriage returns.
    expect(first.stderr.text()).toContain('seeding: 25/25 (100%)');
    expect(first.stderr.text()).not.toContain('\r');

    const products = await scanDataDir(dataDir);
    expect(products.map((p) => p.sku).sort()).toEqual(Array.from({ length: 25 }, (_, i) => demoSku(i + 1)));
    const lamp = products.find((p) => p.sku === 'DEMO-00007');
    const { id, created_at, updated_at, ...fields } = lamp!;
    expect(fields).toEqual(generateDemoProduct(7));

    const second = streams();
    expect(await runSeedCli(['--count', '25'], env, second)).toBe(EXIT.ok);
    expect(second.stdout.text()).toContain('All 25 already present; nothing to create.');
    expect(second.stdout.text()).toContain('0 created, 25 skipped (already present), 0 failed.');
    expect(second.stderr.text()).toBe('');
    expect(await scanDataDir(dataDir)).toHaveLength(25);
  });

  test('with S3_ENDPOINT it seeds that server (bucket and base path from the environment)', async () => {
    const s3: S3Fixture = await startS3Fixture('seed-endpoint');
    try {
      const env = {
        S3_ENDPOINT: s3.server.endpoint,
        S3_BUCKET: s3.bucket,
        S3_BASE_PATH: 'demo/',
        S3_ACCESS_KEY_ID: s3.server.credentials.accessKeyId,
        S3_SECRET_ACCESS_KEY: s3.server.credentials.secretAccessKey,
        EMBEDDED_S3_DIR: join(directory, 'must-not-be-used'),
      };
      const io = streams({ isTTY: true });
      expect(await runSeedCli(['--count', '12', '--concurrency', '3'], env, io)).toBe(EXIT.ok);
      expect(io.stdout.text()).toContain(`into s3://${s3.bucket}/demo/ on ${s3.server.endpoint}\n`);
      expect(io.stdout.text()).toContain('12 created');
      expect(io.stderr.text()).toMatch(/^\rseeding \[[#-]+\]/);
      expect(io.stderr.text()).toContain('12/12 100%');
      expect(io.stderr.text().endsWith('\n')).toBe(true);
      const products = await new S3ProductRepository({ client: s3.client, bucket: s3.bucket, basePath: 'demo/' }).scan();
      expect(products).toHaveLength(12);
    } finally {
      await s3.close();
    }
  });

  test('an aborted run creates nothing new and exits 130', async () => {
    const io = streams();
    const controller = new AbortController();
    controller.abort();
    const code = await runSeedCli(['--count', '5'], { EMBEDDED_S3_DIR: join(directory, 'aborted') }, io, { signal: controller.signal });
    expect(code).toBe(EXIT.interrupted);
    expect(io.stdout.text()).toContain('0 created, 0 skipped (already present), 0 failed, 5 not attempted.');
    expect(io.stderr.text()).toContain('interrupted; run it again to add the rest');
    expect(await scanDataDir(join(directory, 'aborted'))).toEqual([]);
  });
});
