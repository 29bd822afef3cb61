import type { TestProject } from 'vitest/node';
import { type RunningTestServer, startMariadb } from './mariadb-server.ts';
import { startPostgres } from './postgres-server.ts';
import type { TestServerInfo } from './test-server-info.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    sinkTestServers: readonly TestServerInfo[];
  }
}

/**
 * Starts one MariaDB and one PostgreSQL server for the whole test run (each test file makes its
 * own databases on them) and stops them afterwards. A missing server program fails the run.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = await Promise.allSettled([startMariadb(), startPostgres()]);
  const servers = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const stopAll = async (): Promise<void> => {
    await Promise.all(servers.map((server: RunningTestServer) => server.stop()));
  };
  const failure = started.find((result) => result.status === 'rejected');
  if (failure !== undefined) {
    await stopAll();
    throw failure.reason;
  }
  project.provide(
    'sinkTestServers',
    servers.map((server) => server.info),
  );
  return stopAll;
}
