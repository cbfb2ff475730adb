import crypto = require('node:crypto');
import { execFileSync } from 'node:child_process';
import { installDesShim, singleDesWorks } from '../../src/s3/des-shim';

function desEncrypt(key: Buffer, iv: Buffer, plaintext: Buffer, padding = true): Buffer {
  const cipher = crypto.createCipheriv('des', key, iv);
  cipher.setAutoPadding(padding);
  return Buffer.concat([cipher.update(plaintext), cipher.final()]);
}

function desDecrypt(key: Buffer, iv: Buffer, ciphertext: Buffer): Buffer {
  const decipher = crypto.createDecipheriv('des', key, iv);
  return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
}

/** Whether this node can run the same cipher natively through OpenSSL's legacy provider. */
function legacyDes(keyHex: string, ivHex: string, plainHex: string): string | undefined {
  const script =
    "const c=require('crypto');const [k,i,p]=process.argv.slice(1);" +
    "const x=c.createCipheriv('des',Buffer.from(k,'hex'),Buffer.from(i,'hex'));" +
    "process.stdout.write(Buffer.concat([x.update(Buffer.from(p,'hex')),x.final()]).toString('hex'))";
  try {
    return execFileSync(process.execPath, ['--openssl-legacy-provider', '-e', script, keyHex, ivHex, plainHex], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    return undefined;
  }
}

beforeAll(() => {
  installDesShim();
});

test('installing is idempotent', () => {
  const wrapped = crypto.createCipheriv;
  expect(['already-installed', 'native']).toContain(installDesShim());
  expect(crypto.createCipheriv).toBe(wrapped);
  expect(singleDesWorks()).toBe(true);
});

test('single DES gives the textbook answer (key 133457799BBCDFF1, block 0123456789ABCDEF)', () => {
  const out = desEncrypt(Buffer.from('133457799BBCDFF1', 'hex'), Buffer.alloc(8), Buffer.from('0123456789ABCDEF', 'hex'), false);
  expect(out.toString('hex')).toBe('85e813540f0ab405');
});

test('round trip with the key and IV shape s3rver uses', () => {
  const key = Buffer.alloc(8, 'S3RVER', 'utf8');
  const iv = crypto.randomBytes(8);
  const token = 'us-east-1/bucket/s3verless-data/products/some-key.json';
  expect(desDecrypt(key, iv, desEncrypt(key, iv, Buffer.from(token))).toString('utf8')).toBe(token);
});

test('output is identical to OpenSSL single DES (legacy provider, in a child process)', () => {
  const key = crypto.randomBytes(8);
  const iv = crypto.randomBytes(8);
  const plain = crypto.randomBytes(37);
  const reference = legacyDes(key.toString('hex'), iv.toString('hex'), plain.toString('hex'));
  if (reference === undefined) return; // this node has no legacy provider: the textbook vector above still holds
  expect(desEncrypt(key, iv, plain).toString('hex')).toBe(reference);
});

test('other ciphers and other key sizes pass through untouched', () => {
  const key = crypto.randomBytes(32);
  const iv = crypto.randomBytes(16);
  const cipher = crypto.createCipheriv('aes-256-cbc', key, iv);
  const encrypted = Buffer.concat([cipher.update('hello'), cipher.final()]);
  const decipher = crypto.createDecipheriv('aes-256-cbc', key, iv);
  expect(Buffer.concat([decipher.update(encrypted), decipher.final()]).toString()).toBe('hello');
  // a 24-byte key is not single DES: the original function decides (and rejects it for 'des' without the legacy provider)
  expect(() => crypto.createCipheriv('des-ede3-cbc', crypto.randomBytes(24), crypto.randomBytes(8))).not.toThrow();
});
