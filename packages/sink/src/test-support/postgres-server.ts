import { randomBytes } from 'node:crypto';
import { chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { findFreePort } from './free-port.ts';
import type { RunningTestServer } from './mariadb-server.ts';
import { findExecutable, listDirs, lookupUser, type RunAs, runToEnd, startServer } from './server-process.ts';

/** Where Debian puts each PostgreSQL version's server programs, newest first. */
function debianBinDirs(): string[] {
  return listDirs('/usr/lib/postgresql')
    .filter((name) => /^\d+$/.test(name))
    .sort((a, b) => Number(b) - Number(a))
    .map((version) => `/usr/lib/postgresql/${version}/bin`);
}

/**
 * Starts a PostgreSQL server on a temporary directory and a free loopback port (never a system
 * cluster or the default port): superuser `postgres` and a sink user, both with random passwords
 * checked by scram-sha-256 over TCP. initdb and postgres refuse to run as root, so under root they
 * run as the system user `postgres`. Throws when the server programs are not installed.
 */
export async function startPostgres(): Promise<RunningTestServer> {
  const extra = debianBinDirs();
  const initdb = findExecutable('initdb', extra);
  const postgres = findExecutable('postgres', extra);
  if (initdb === undefined || postgres === undefined) {
    throw new Error('initdb or postgres not found: install the Debian package postgresql (.ci/run does)');
  }
  let runAs: RunAs = {};
  if (process.getuid?.() === 0) {
    runAs = await lookupUser('postgres').catch(() => {
      throw new Error('running as root needs the system user postgres, which the postgresql package creates');
    });
  }
  const dir = await mkdtemp(join(tmpdir(), 'oi-sink-postgres-'));
  try {
    if (runAs.uid !== undefined && runAs.gid !== undefined) await chown(dir, runAs.uid, runAs.gid);
    const adminPassword = randomBytes(12).toString('hex');
    const passwordFile = join(dir, 'password');
    await writeFile(passwordFile, `${adminPassword}\n`, { mode: 0o600 });
    if (runAs.uid !== undefined && runAs.gid !== undefined) await chown(passwordFile, runAs.uid, runAs.gid);
    const dataDir = join(dir, 'data');
    await runToEnd(
      initdb,
      [
        `--pgdata=${dataDir}`,
        '--username=postgres',
        `--pwfile=${passwordFile}`,
        '--auth-local=trust',
        '--auth-host=scram-sha-256',
        '--encoding=UTF8',
        '--locale=C',
        '--no-sync',
      ],
      runAs,
    );
    const port = await findFreePort();
    const adminConfig = { host: '127.0.0.1', port, user: 'postgres', password: adminPassword };
    const server = await startServer(
      postgres,
      [
        '-D',
        dataDir,
        '-p',
        String(port),
        '-k',
        dir,
        '-c',
        'listen_addresses=127.0.0.1',
        // A throwaway server: durability costs CPU that the other tests need.
        '-c',
        'fsync=off',
        '-c',
        'synchronous_commit=off',
        '-c',
        'full_page_writes=off',
        '-c',
        'shared_buffers=32MB',
        '-c',
        'max_connections=50',
      ],
      join(dir, 'postgres.log'),
      async () => {
        const client = new pg.Client(adminConfig);
        await client.connect();
        await client.end();
        return true;
      },
      runAs,
    );
    const user = 'oi_sink';
    const password = randomBytes(12).toString('hex');
    try {
      const admin = new pg.Client(adminConfig);
      await admin.connect();
      await admin.query(`CREATE ROLE ${user} LOGIN PASSWORD '${password}'`);
      await admin.end();
    } catch (error) {
      await server.stop('SIGKILL');
      throw error;
    }
    return {
      info: { kind: 'postgres', port, adminUser: 'postgres', adminPassword, user, password },
      pid: server.child.pid ?? 0,
      async stop() {
        // SIGINT is PostgreSQL's fast shutdown: sessions are ended, nothing is waited for.
        await server.stop('SIGINT');
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
