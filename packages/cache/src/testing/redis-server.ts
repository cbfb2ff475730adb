import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { connect, createServer } from 'node:net';

/** A `redis-server` started by {@link startRedisServer}. */
export interface RedisServerHandle {
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** Shuts the server down (SIGTERM; SIGKILL if it is still running after 5 s) and waits until it exited. */
  stop(): Promise<void>;
  /** Kills the server at once (SIGKILL), as a crash would, and waits until it exited. */
  kill(): Promise<void>;
  /** Freezes the server (SIGSTOP): connections stay open but nothing answers, as with a hung host. */
  pause(): void;
  /** Thaws a paused server (SIGCONT). */
  resume(): void;
}

/** Options of {@link startRedisServer}. */
export interface StartRedisServerOptions {
  /** Port to listen on (default: a free one). Give the port of a killed server to restart it "in place". */
  readonly port?: number;
  /** The executable (default `redis-server` from PATH). */
  readonly binary?: string;
  /** Milliseconds to wait until the server answers PING (default 5000). */
  readonly startTimeout?: number;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/**
 * Starts a throw-away `redis-server` on 127.0.0.1 that keeps nothing on disk
 * (`--save "" --appendonly no`), and resolves once it answers `PING`. For tests
 * that kill, freeze or restart Redis; servers still running when the process
 * exits are killed.
 *
 * @example
 * ```ts
 * const server = await startRedisServer();
 * const cache = new RedisCache({ url: server.url });
 * await server.kill();                                    // Redis "crashes"
 * const again = await startRedisServer({ port: server.port }); // and comes back
 * ```
 */
export async function startRedisServer(options: StartRedisServerOptions = {}): Promise<RedisServerHandle> {
  const attempts = options.port === undefined ? 3 : 1;
  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await freePort());
    try {
      return await launch(port, options.binary ?? 'redis-server', options.startTimeout ?? 5000);
    } catch (error) {
      // Another process may have taken the free port between our check and redis-server's bind.
      if (attempt >= attempts) throw error;
    }
  }
}

async function launch(port: number, binary: string, startTimeout: number): Promise<RedisServerHandle> {
  const args = ['--port', String(port), '--save', '', '--appendonly', 'no', '--bind', '127.0.0.1'];
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = once(child, 'exit');
  track(child);
  let timer: NodeJS.Timeout | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`redis-server on port ${port} did not start within ${startTimeout} ms`)), startTimeout);
    const check = (): void => {
      if (!output.includes('Ready to accept connections')) return;
      child.stdout?.off('data', check);
      ping(port).then(resolve, reject);
    };
    child.stdout?.on('data', check);
    child.once('error', reject);
    void exited.then(([code]) => reject(new Error(`redis-server on port ${port} exited (${code}) before it was ready`)));
  });
  try {
    await ready;
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}; its output:\n${output}`, { cause: error });
  } finally {
    clearTimeout(timer);
  }
  const terminate = async (signal: NodeJS.Signals): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      if (signal !== 'SIGKILL') child.kill('SIGCONT'); // a paused server cannot act on SIGTERM (SIGKILL needs no thaw)
      child.kill(signal);
      const force = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(force);
    }
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: () => terminate('SIGTERM'),
    kill: () => terminate('SIGKILL'),
    pause: () => void child.kill('SIGSTOP'),
    resume: () => void child.kill('SIGCONT'),
  };
}

/** Sends PING over a raw socket (no Redis client needed) and resolves on `+PONG`. */
function ping(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    socket.setTimeout(1000, () => socket.destroy(new Error(`no PONG from port ${port}`)));
    socket.on('error', reject);
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => {
      if (data.toString().includes('+PONG')) {
        socket.end();
        resolve();
      }
    });
  });
}

/** A TCP port that was free a moment ago. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/** Remembers a server so that it is killed if the process exits before stopping it. */
function track(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const server of running) server.kill('SIGKILL');
    });
  }
}
