import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/config';
import { loadEnvFile } from '../../src/config/env-file';

describe('the .env file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'products-api-env-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('sets the variables it names, and the configuration reads them', () => {
    const file = join(dir, '.env');
    writeFileSync(file, '# comment\nPORT=4000\nS3_BUCKET="my-bucket"\nLOG_LEVEL=debug # trailing\n');
    const env: NodeJS.ProcessEnv = {};
    const outcome = loadEnvFile(file, env);
    expect({ path: outcome.path, applied: [...outcome.applied].sort() }).toEqual({ path: file, applied: ['LOG_LEVEL', 'PORT', 'S3_BUCKET'] });
    expect(loadConfig(env)).toMatchObject({ PORT: 4000, S3_BUCKET: 'my-bucket', LOG_LEVEL: 'debug' });
  });

  it('lets the environment win, even a variable set to the empty string', () => {
    const file = join(dir, '.env');
    writeFileSync(file, 'PORT=4000\nS3_ENDPOINT=http://minio:9000\nHOST=127.0.0.1\n');
    const env: NodeJS.ProcessEnv = { PORT: '5000', S3_ENDPOINT: '' };
    expect(loadEnvFile(file, env).applied).toEqual(['HOST']);
    expect(env).toEqual({ PORT: '5000', S3_ENDPOINT: '', HOST: '127.0.0.1' });
  });

  it('is optional: a missing file sets nothing', () => {
    const env: NodeJS.ProcessEnv = { PORT: '5000' };
    expect(loadEnvFile(join(dir, '.env'), env)).toEqual({ path: undefined, applied: [] });
    expect(env).toEqual({ PORT: '5000' });
  });

  it('reports a file it cannot read (here: a folder named .env)', () => {
    mkdirSync(join(dir, '.env'));
    expect(() => loadEnvFile(join(dir, '.env'), {})).toThrow(/EISDIR/);
  });
});
