import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ENV_VARS, loadConfig } from '../../src/config/config';
import { EMBEDDED_S3_CREDENTIALS, s3ClientSettings } from '../../src/s3';

const root = join(__dirname, '../../../..');
const read = (file: string) => readFileSync(join(root, file), 'utf8');

interface ComposeService {
  image?: string;
  build?: unknown;
  environment?: Record<string, string>;
  ports?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  entrypoint?: string[];
}

/** No Docker engine runs here: these checks read the files the way Compose and Docker would. */
describe('docker-compose.yml', () => {
  // `merge: true`: the second API instance is the first one (`<<: *api`) with another port, as Compose reads it.
  const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, ComposeService>; volumes: object };
  const { minio, redis, api } = compose.services;
  const setup = compose.services['minio-setup'];
  /** Compose's `${NAME:-default}` with nothing set in the shell. */
  const resolve = (value: string) => value.replace(/\$\{[A-Z0-9_]+:-([^}]*)\}/g, '$1');
  const apiEnv = Object.fromEntries(Object.entries(api.environment ?? {}).map(([k, v]) => [k, resolve(String(v))]));

  it('has MinIO (pinned, health-checked), a one-shot bucket setup, Redis and two API instances', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'api-2', 'minio', 'minio-setup', 'redis']);
    expect(minio.image).toMatch(/^minio\/minio:RELEASE\.\d{4}-\d{2}-\d{2}T/);
    expect(setup.image).toMatch(/^minio\/mc:RELEASE\./);
    expect(redis.image).toMatch(/^redis:\d+\.\d+\.\d+/);
    expect(minio.healthcheck?.test).toEqual(['CMD', 'mc', 'ready', 'local']);
    expect(redis.healthcheck?.test).toEqual(['CMD', 'redis-cli', 'ping']);
    expect(minio.ports).toContain('9000:9000');
    expect(api.ports).toContain('3000:3000');
    expect(setup.depends_on?.minio.condition).toBe('service_healthy');
    expect(setup.entrypoint?.join(' ')).toContain('mc mb --ignore-existing');
    expect(api.depends_on?.['minio-setup'].condition).toBe('service_completed_successfully');
    expect(api.build).toBe('.');
    expect(api.healthcheck?.test.join(' ')).toContain('/readyz');
    const second = compose.services['api-2'];
    expect({ ...second, ports: api.ports }).toEqual(api);
    expect(second.ports).toEqual(['3001:3000']);
  });

  it('wires the instances to one Redis (shared tier and bus), reachable by its service name', () => {
    const config = loadConfig(apiEnv);
    expect(config.REDIS_URL).toBe('redis://redis:6379');
    expect(api.depends_on?.redis.condition).toBe('service_healthy');
    expect(compose.services['api-2'].environment).toEqual(api.environment);
  });

  it('gives the API only variables its config loader reads, and valid values', () => {
    for (const name of Object.keys(apiEnv)) expect(Object.keys(ENV_VARS)).toContain(name);
    const config = loadConfig(apiEnv);
    expect(config.S3_ENDPOINT).toBe('http://minio:9000');
    expect(config.PORT).toBe(3000);
  });

  it('configures the S3 client for MinIO exactly as the tests configure it for the embedded server', () => {
    const forMinio = s3ClientSettings(loadConfig(apiEnv));
    const forTests = s3ClientSettings(loadConfig({ S3_BUCKET: 's3verless' }), { endpoint: 'http://127.0.0.1:1', credentials: EMBEDDED_S3_CREDENTIALS });
    expect(forMinio).toEqual({ ...forTests, endpoint: 'http://minio:9000', accessKeyId: 'minioadmin', secretAccessKey: 'minioadmin' });
    expect(forMinio.forcePathStyle).toBe(true);
    expect(forMinio.region).toBe('us-east-1');
  });

  it('creates the same bucket the API uses', () => {
    expect(setup.environment?.S3_BUCKET && resolve(setup.environment.S3_BUCKET)).toBe(apiEnv.S3_BUCKET);
  });
});

describe('production dependencies (what npm ci --omit=dev installs in the image)', () => {
  it('include the optional peer dependencies of @s3verless/cache that the API loads (ioredis for REDIS_URL)', () => {
    const api = JSON.parse(read('apps/products-api/package.json')) as { dependencies: Record<string, string> };
    const cache = JSON.parse(read('packages/cache/package.json')) as { peerDependencies: Record<string, string> };
    expect(Object.keys(cache.peerDependencies)).toEqual(['ioredis']);
    expect(api.dependencies.ioredis).toBeDefined();
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const stages = dockerfile.split(/^FROM /m).slice(1);

  it('is multi-stage, with production dependencies only in the final stage', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const final = stages[stages.length - 1];
    expect(final).toMatch(/npm ci --omit=dev/);
    expect(final).toMatch(/COPY --from=build/);
    expect(stages[0]).toMatch(/npm run build/);
  });

  it('runs as a non-root user, exposes the port, health-checks /readyz, starts the API', () => {
    const final = stages[stages.length - 1];
    expect(final).toMatch(/^USER node$/m);
    expect(final).toMatch(/^EXPOSE 3000$/m);
    expect(final).toMatch(/HEALTHCHECK[\s\S]*\/readyz/);
    expect(final).toMatch(/CMD \["node", "apps\/products-api\/dist\/main.js"\]/);
  });

  it('copies every workspace manifest before npm ci (so the lockfile applies)', () => {
    for (const manifest of ['packages/cache/package.json', 'packages/express-cache/package.json', 'apps/products-api/package.json']) {
      expect(dockerfile).toContain(`COPY ${manifest}`);
    }
  });
});

describe('.env.example', () => {
  it('documents every variable with its default', () => {
    const example = read('.env.example');
    for (const [name, spec] of Object.entries(ENV_VARS)) {
      expect(example).toMatch(new RegExp(spec.default === undefined ? `^# ${name}=$` : `^${name}=${spec.default.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`, 'm'));
    }
  });
});
