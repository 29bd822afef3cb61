import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { findFreePort } from './free-port.ts';
import { findExecutable, runToEnd, startServer } from './server-process.ts';
import type { TestServerInfo } from './test-server-info.ts';

const SBIN = ['/usr/sbin', '/usr/local/sbin', '/usr/bin'];

/** Options of startMariadb. */
export interface StartMariadbOptions {
  /** InnoDB buffer pool in MiB. @default 64 */
  readonly bufferPoolMb?: number;
  /** More mariadbd options, e.g. `--innodb-flush-log-at-trx-commit=2`. */
  readonly serverArgs?: readonly string[];
}

/** A MariaDB server of its own: how to reach it, and how to stop it and delete its files. */
export interface RunningTestServer {
  readonly info: TestServerInfo;
  /** Process id of the server (for measuring its CPU time). */
  readonly pid: number;
  stop(): Promise<void>;
}

/**
 * Starts a MariaDB server on a temporary directory and a free loopback port (never a system
 * database or a default port), with `root` (no password) for administration and a user with a
 * random password for the sink. Throws when mariadbd is not installed.
 */
export async function startMariadb(options: StartMariadbOptions = {}): Promise<RunningTestServer> {
  const mariadbd = findExecutable('mariadbd', SBIN);
  const installDb = findExecutable('mariadb-install-db', SBIN);
  if (mariadbd === undefined || installDb === undefined) {
    throw new Error(
      'mariadbd or mariadb-install-db not found: install the Debian package mariadb-server (.ci/run does)',
    );
  }
  const dir = await mkdtemp(join(tmpdir(), 'oi-sink-mariadb-'));
  try {
    const dataDir = join(dir, 'data');
    // mariadbd refuses to run as root unless told to; elsewhere it runs as the current user.
    const asRoot = process.getuid?.() === 0 ? ['--user=root'] : [];
    await runToEnd(installDb, [
      '--no-defaults',
      `--datadir=${dataDir}`,
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
      ...asRoot,
    ]);
    const port = await findFreePort();
    const adminConfig = { host: '127.0.0.1', port, user: 'root', password: '' };
    const server = await startServer(
      mariadbd,
      [
        '--no-defaults',
        `--datadir=${dataDir}`,
        `--socket=${join(dir, 'mariadb.sock')}`,
        `--pid-file=${join(dir, 'mariadb.pid')}`,
        `--port=${port}`,
        '--bind-address=127.0.0.1',
        '--skip-name-resolve',
        '--skip-log-bin',
        '--performance-schema=OFF',
        `--innodb-buffer-pool-size=${options.bufferPoolMb ?? 64}M`,
        ...(options.serverArgs ?? []),
        ...asRoot,
      ],
      join(dir, 'mariadb.log'),
      async () => {
        const connection = await mysql.createConnection(adminConfig);
        await connection.end();
        return true;
      },
    );
    const user = 'oi_sink';
    const password = randomBytes(12).toString('hex');
    try {
      const admin = await mysql.createConnection(adminConfig);
      await admin.query(`CREATE USER '${user}'@'127.0.0.1' IDENTIFIED BY '${password}'`);
      await admin.query(`GRANT ALL PRIVILEGES ON *.* TO '${user}'@'127.0.0.1'`);
      await admin.end();
    } catch (error) {
      await server.stop('SIGKILL');
      throw error;
    }
    return {
      info: { kind: 'mysql', port, adminUser: 'root', adminPassword: '', user, password },
      pid: server.child.pid ?? 0,
      async stop() {
        await server.stop('SIGTERM');
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
