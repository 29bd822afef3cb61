import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { inject } from 'vitest';
import type { SinkKind } from '../sink-url.ts';
import type { TestServerInfo } from './test-server-info.ts';

/** A fresh database on a test server: its sink URL and a superuser connection to it. */
export interface TestDatabase {
  readonly kind: SinkKind;
  readonly name: string;
  /** The sink user's URL, with its password. */
  readonly url: string;
  readonly server: TestServerInfo;
  /** Runs SQL as the superuser in this database; rows as arrays, every value as the driver's text. */
  query(sql: string, params?: readonly unknown[]): Promise<unknown[][]>;
  /** Closes the superuser connection. */
  close(): Promise<void>;
}

/** The test server of `kind` that the global setup started. */
export function testServer(kind: SinkKind): TestServerInfo {
  const server = inject('sinkTestServers').find((candidate) => candidate.kind === kind);
  if (server === undefined) throw new Error(`no ${kind} test server: is the global setup configured?`);
  return server;
}

/** Creates a database with a random name on the test server of `kind`. */
export async function createTestDatabase(kind: SinkKind): Promise<TestDatabase> {
  const server = testServer(kind);
  const name = `oi_test_${randomBytes(6).toString('hex')}`;
  const url = `${kind}://${server.user}:${server.password}@127.0.0.1:${server.port}/${name}`;
  const admin = {
    host: '127.0.0.1',
    port: server.port,
    user: server.adminUser,
    password: server.adminPassword,
  };
  if (kind === 'mysql') {
    const setup = await mysql.createConnection(admin);
    await setup.query(`CREATE DATABASE \`${name}\``);
    await setup.end();
    const connection = await mysql.createConnection({
      ...admin,
      database: name,
      supportBigNumbers: true,
      bigNumberStrings: true,
      dateStrings: true,
    });
    return {
      kind,
      name,
      url,
      server,
      async query(sql, params = []) {
        const [rows] = await connection.query({ sql, rowsAsArray: true }, params as unknown[]);
        return Array.isArray(rows) ? (rows as unknown[][]) : [];
      },
      close: () => connection.end(),
    };
  }
  const setup = new pg.Client({ ...admin, database: 'postgres' });
  await setup.connect();
  await setup.query(`CREATE DATABASE ${name} OWNER ${server.user}`);
  await setup.end();
  const client = new pg.Client({ ...admin, database: name });
  await client.connect();
  return {
    kind,
    name,
    url,
    server,
    async query(sql, params = []) {
      const result = await client.query({ text: sql, values: params as unknown[], rowMode: 'array' });
      return result.rows as unknown[][];
    },
    close: () => client.end(),
  };
}
