// Builds @oi/errors, @oi/retry and @oi/client as `pnpm run build` does, then uses the client the way another
// project would: through node_modules, without the @oi/source condition, so dist/ is what runs.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const clientDir = fileURLToPath(new URL('..', import.meta.url));
const retryDir = join(clientDir, '..', 'retry');
const errorsDir = join(clientDir, '..', 'errors');
const tsc = join(clientDir, 'node_modules', 'typescript', 'bin', 'tsc');

let consumerDir = '';

beforeAll(async () => {
  await run(process.execPath, [tsc, '-p', join(errorsDir, 'tsconfig.build.json')]);
  await run(process.execPath, [tsc, '-p', join(retryDir, 'tsconfig.build.json')]);
  await run(process.execPath, [tsc, '-p', join(clientDir, 'tsconfig.build.json')]);
  consumerDir = await mkdtemp(join(tmpdir(), 'oi-client-consumer-'));
  await mkdir(join(consumerDir, 'node_modules', '@oi'), { recursive: true });
  await symlink(clientDir, join(consumerDir, 'node_modules', '@oi', 'client'), 'dir');
  await writeFile(join(consumerDir, 'package.json'), JSON.stringify({ name: 'consumer', type: 'module' }));
}, 120_000);

afterAll(async () => {
  if (consumerDir !== '') await rm(consumerDir, { recursive: true, force: true });
});

describe('@oi/client as a dependency of another project', () => {
  it('imports from dist with plain node', async () => {
    const script = [
      "import { coinMContractOf, createBinanceClient, createHttpTransport, isCoinMSymbol } from '@oi/client';",
      "const client = createBinanceClient({ baseUrl: 'http://127.0.0.1:9' });",
      "const coinM = createBinanceClient({ market: 'cm' });",
      "const transport = createHttpTransport({ baseUrl: 'http://127.0.0.1:9' });",
      "let code = 'none';",
      "try { createBinanceClient({ proxy: { httpProxy: 'not a url' } }); } catch (error) { code = error.code; }",
      'console.log(JSON.stringify({ methods: typeof client.openInterestHistoryPages, get: typeof transport.get,',
      "  markets: [client.market, coinM.market], perp: isCoinMSymbol('BTCUSD_PERP'),",
      "  quarterly: coinMContractOf('BTCUSD_261225'), code, resolved: import.meta.resolve('@oi/client') }));",
    ].join('\n');
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      cwd: consumerDir,
    });
    const result = JSON.parse(stdout) as Record<string, unknown>;
    expect(result).toMatchObject({
      methods: 'function',
      get: 'function',
      code: 'PROXY_CONFIG',
      markets: ['um', 'cm'],
      perp: true,
      quarterly: { pair: 'BTCUSD', contractType: 'QUARTERLY', deliveryMs: Date.UTC(2026, 11, 25, 8) },
    });
    expect(String(result['resolved'])).toMatch(/\/dist\/index\.js$/);
  });

  it('type-checks a consumer against the dist types', async () => {
    await writeFile(
      join(consumerDir, 'consumer.ts'),
      [
        "import { createBinanceClient, type HistoryPage, type Market, type OpenInterest } from '@oi/client';",
        "const market: Market = 'cm';",
        'export const coinM = createBinanceClient({ market });',
        "const client = createBinanceClient({ retry: { maxAttempts: 2 }, proxy: { noProxy: '*' } });",
        "export async function latest(): Promise<OpenInterest> { return client.openInterest('BTCUSDT'); }",
        'export async function count(): Promise<number> {',
        '  let rows = 0;',
        "  for await (const page of client.openInterestHistoryPages({ symbol: 'BTCUSDT', period: '5m', startMs: 0, endMs: 1 })) {",
        "    const typed: HistoryPage = page; if (typed.kind === 'rows') rows += typed.rows.length;",
        '  }',
        '  return rows;',
        '}',
        '// @ts-expect-error an unknown period is a type error',
        "client.openInterestHistory({ symbol: 'X', period: '7m', startTimeMs: 0, endTimeMs: 1 });",
      ].join('\n'),
    );
    await writeFile(
      join(consumerDir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2023',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
          typeRoots: [join(clientDir, 'node_modules', '@types')],
          types: ['node'],
        },
        files: ['consumer.ts'],
      }),
    );
    const result = await run(process.execPath, [tsc, '-p', join(consumerDir, 'tsconfig.json')], {
      cwd: consumerDir,
    }).then(
      () => 'ok',
      (error: { stdout?: string }) => error.stdout ?? String(error),
    );
    expect(result).toBe('ok');
  });
});
