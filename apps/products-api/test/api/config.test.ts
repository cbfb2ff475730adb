import { ConfigError, ENV_VARS, loadConfig } from '../../src/config/config';

describe('configuration from the environment', () => {
  it('has a default for every optional variable', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 3000,
      S3_ENDPOINT: undefined,
      S3_REGION: 'us-east-1',
      S3_BUCKET: 's3verless',
      S3_FORCE_PATH_STYLE: true,
      S3_BASE_PATH: 's3verless-data/',
      EMBEDDED_S3_DIR: '.data/s3',
      REDIS_URL: undefined,
      CACHE_TTL: 60,
      LOG_LEVEL: 'info',
    });
  });

  it('reads and types every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      S3_ENDPOINT: 'http://minio:9000',
      S3_ACCESS_KEY_ID: 'minioadmin',
      S3_SECRET_ACCESS_KEY: 'minioadmin',
      S3_FORCE_PATH_STYLE: 'false',
      S3_BASE_PATH: '',
      CACHE_TTL: '2.5',
      REDIS_URL: 'redis://redis:6379',
    });
    expect(config).toMatchObject({ PORT: 8080, S3_ENDPOINT: 'http://minio:9000', S3_FORCE_PATH_STYLE: false, S3_BASE_PATH: '', CACHE_TTL: 2.5 });
  });

  it('lists every bad variable in one error, without secret values', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        S3_ENDPOINT: 'minio:9000',
        S3_BUCKET: 'Bad_Bucket',
        S3_SECRET_ACCESS_KEY: 'super-secret-value',
        CACHE_TTL: '0',
        LOG_LEVEL: 'loud',
        S3_BASE_PATH: 'no-slash',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const variables = (error as ConfigError).problems.map((p) => p.variable).sort();
    expect(variables).toEqual(['CACHE_TTL', 'LOG_LEVEL', 'PORT', 'S3_ACCESS_KEY_ID', 'S3_BASE_PATH', 'S3_BUCKET', 'S3_ENDPOINT']);
    expect((error as Error).message).not.toContain('super-secret-value');
  });

  it('reads SKU_MARKER_TAKEOVER_MS (default 60000, 1000..86400000)', () => {
    expect(loadConfig({}).SKU_MARKER_TAKEOVER_MS).toBe(60_000);
    expect(loadConfig({ SKU_MARKER_TAKEOVER_MS: '1500' }).SKU_MARKER_TAKEOVER_MS).toBe(1500);
    for (const bad of ['999', '86400001', '2.5', '-1', 'soon']) {
      expect(() => loadConfig({ SKU_MARKER_TAKEOVER_MS: bad })).toThrow(/SKU_MARKER_TAKEOVER_MS/);
    }
  });

  it('documents every variable it reads', () => {
    for (const spec of Object.values(ENV_VARS)) expect(spec.doc.length).toBeGreaterThan(5);
  });
});

describe('documentation of the configuration', () => {
  it('the README table names every variable with its default', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const readme: string = require('node:fs').readFileSync(require('node:path').join(__dirname, '../../README.md'), 'utf8');
    for (const [name, spec] of Object.entries(ENV_VARS)) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${name}\` |`));
      expect(row).toBeDefined();
      expect(row).toContain(spec.default === undefined ? 'unset' : `\`${spec.default}\``);
    }
  });
});
