// biome-ignore-all lint/suspicious/noTemplateCurlyInString: compose variables, not template strings, are what these tests read
import { parseSinkUrl } from '@oi/sink';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { interpolateTree, readEnvFile, stringsOf, variableReferences } from './support/compose-env.ts';
import { envOf, parseDockerfile } from './support/dockerfile.ts';
import { readRepoFile } from './support/repo.ts';

interface Service {
  readonly image?: string;
  readonly build?: { readonly context: string; readonly dockerfile: string };
  readonly command?: readonly string[];
  readonly restart?: string;
  readonly init?: boolean;
  readonly depends_on?: Readonly<Record<string, { readonly condition: string }>>;
  readonly environment?: Readonly<Record<string, string>>;
  readonly volumes?: readonly string[];
  readonly ports?: readonly string[];
  readonly healthcheck?: {
    readonly test: readonly string[];
    readonly interval: string;
    readonly timeout: string;
    readonly retries: number;
    readonly start_period?: string;
  };
}
interface Compose {
  readonly services: Readonly<Record<string, Service>>;
  readonly volumes: Readonly<Record<string, unknown>>;
}

const composeText = readRepoFile('docker-compose.yml');
// Strict: a duplicated key (which YAML would silently resolve) fails here.
const raw = parse(composeText, { strict: true, uniqueKeys: true }) as Compose;
const envExample = readEnvFile(readRepoFile('config/.env.example'));
// What `docker compose up` sees after `cp config/.env.example .env`.
const compose = interpolateTree(raw, envExample) as Compose;
const image = envOf(parseDockerfile(readRepoFile('Dockerfile')).stages.at(-1)!);
const db = compose.services['db']!;
const oi = compose.services['oi']!;

/** `name:/path[:mode]` volume entries whose source is a named volume (not a host path). */
function namedVolumes(service: Service): Map<string, string> {
  const mounts = new Map<string, string>();
  for (const entry of service.volumes ?? []) {
    const [source = '', target = ''] = entry.split(':');
    if (!source.startsWith('.') && !source.startsWith('/')) mounts.set(source, target);
  }
  return mounts;
}

describe('docker-compose.yml', () => {
  it('runs oi beside a database, both restarted, the database with a named volume and a health check', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['db', 'oi']);
    expect(db.image).toMatch(/^(mariadb:1[1-9]|mysql:8)(\.\d+)*$/);
    expect(namedVolumes(db).get('db-data')).toBe('/var/lib/mysql');
    expect(db.healthcheck?.test).toEqual(['CMD', 'healthcheck.sh', '--connect', '--innodb_initialized']);
    expect(db.healthcheck).toMatchObject({ interval: expect.any(String), timeout: expect.any(String) });
    expect(db.healthcheck?.retries).toBeGreaterThan(0);
    expect(db.restart).toBe('unless-stopped');
    expect(oi.restart).toBe('unless-stopped');
  });

  it('builds oi from the Dockerfile, runs collect, and starts it once the database is healthy', () => {
    expect(oi.build).toEqual({ context: '.', dockerfile: 'Dockerfile' });
    expect(oi.command).toEqual(['collect']);
    expect(oi.depends_on).toEqual({ db: { condition: 'service_healthy' } });
    // tini forwards docker's SIGTERM so the collector ends its tick and saves its journal.
    expect(oi.init).toBe(true);
  });

  it('keeps the day files in a named volume at the image data directory, and every named volume is declared', () => {
    expect(namedVolumes(oi).get('oi-data')).toBe(image['DATA_DIR']);
    expect(namedVolumes(oi).get('oi-budget')).toBe(image['OI_BUDGET_DIR']);
    const used = [...namedVolumes(db).keys(), ...namedVolumes(oi).keys()].sort();
    expect(Object.keys(compose.volumes).sort()).toEqual(used);
  });

  it('creates the database user and gives oi an OI_SINK_URL made of the same MYSQL_* settings', () => {
    for (const name of ['MYSQL_ROOT_PASSWORD', 'MYSQL_DATABASE', 'MYSQL_USERNAME', 'MYSQL_PASSWORD']) {
      expect(envExample[name], `${name} in config/.env.example`).toMatch(/^\S+$/);
    }
    expect(db.environment).toEqual({
      MARIADB_ROOT_PASSWORD: envExample['MYSQL_ROOT_PASSWORD'],
      MARIADB_DATABASE: envExample['MYSQL_DATABASE'],
      MARIADB_USER: envExample['MYSQL_USERNAME'],
      MARIADB_PASSWORD: envExample['MYSQL_PASSWORD'],
    });
    const sink = parseSinkUrl(oi.environment?.['OI_SINK_URL'] ?? '');
    expect(sink).toMatchObject({
      kind: 'mysql',
      host: 'db',
      port: 3306,
      user: envExample['MYSQL_USERNAME'],
      password: envExample['MYSQL_PASSWORD'],
      database: envExample['MYSQL_DATABASE'],
    });
    // Other credentials give other URLs: the URL is composed, not written out.
    const other = interpolateTree(raw, { ...envExample, MYSQL_PASSWORD: 'S3cret-pw' }) as Compose;
    expect(parseSinkUrl(other.services['oi']?.environment?.['OI_SINK_URL'] ?? '').password).toBe('S3cret-pw');
  });

  it('refuses to start without the database settings, and defines every setting it requires in .env.example', () => {
    const { MYSQL_PASSWORD: _password, ...withoutPassword } = envExample;
    expect(() => interpolateTree(raw, withoutPassword)).toThrow('set MYSQL_PASSWORD in .env');
    const required = stringsOf(raw).flatMap(({ path, value }) =>
      variableReferences(value)
        .filter((reference) => reference.operator === undefined || reference.operator.includes('?'))
        .map((reference) => ({ path, name: reference.name })),
    );
    expect(required.length).toBeGreaterThan(0);
    for (const { path, name } of required) expect(envExample[name], `${name} (${path})`).toBeDefined();
  });

  it('publishes the metrics port on loopback only, the port oi serves on', () => {
    const port = oi.environment?.['OI_METRICS_PORT'];
    expect(port).toBe(image['OI_METRICS_PORT']);
    expect(oi.ports).toEqual([`127.0.0.1:${port}:${port}`]);
    const moved = interpolateTree(raw, { ...envExample, OI_METRICS_PORT: '9500' }) as Compose;
    expect(moved.services['oi']?.environment?.['OI_METRICS_PORT']).toBe('9500');
    expect(moved.services['oi']?.ports).toEqual(['127.0.0.1:9500:9500']);
  });

  it('passes oi no database root password and no variable it does not use', () => {
    expect(Object.keys(oi.environment ?? {}).sort()).toEqual([
      'HTTPS_PROXY',
      'HTTP_PROXY',
      'LOG_LEVEL',
      'NO_PROXY',
      'OI_METRICS_PORT',
      'OI_SINK_URL',
      'SOCKS_PROXY',
    ]);
    // An env_file would hand the container every variable of .env, root password included.
    expect(Object.keys(raw.services['oi'] ?? {})).not.toContain('env_file');
  });
});
