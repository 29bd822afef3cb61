import { describe, expect, it } from 'vitest';
import { parseChecksumFile } from './checksum-file.ts';

const NAME = 'BTCUSDT-metrics-2024-01-15.zip';
const DIGEST = 'a'.repeat(32) + '0123456789abcdef0123456789ABCDEF';

describe('parseChecksumFile', () => {
  it.each([
    ['two spaces and a newline', `${DIGEST}  ${NAME}\n`],
    ['no trailing newline', `${DIGEST}  ${NAME}`],
    ['CRLF', `${DIGEST}  ${NAME}\r\n`],
    ['binary mode', `${DIGEST} *${NAME}\n`],
    ['blank lines around', `\n${DIGEST}  ${NAME}\n\n`],
  ])('reads %s, digest lower-cased', (_name, text) => {
    expect(parseChecksumFile(text, NAME)).toEqual({ kind: 'sha256', sha256: DIGEST.toLowerCase() });
  });

  it.each([
    ['empty', ''],
    ['digest only', `${DIGEST}\n`],
    ['one space', `${DIGEST} ${NAME}\n`],
    ['no separator', `${DIGEST}${NAME}\n`],
    ['short digest', `${DIGEST.slice(1)}  ${NAME}\n`],
    ['long digest', `${DIGEST}0  ${NAME}\n`],
    ['not hex', `${'g'.repeat(64)}  ${NAME}\n`],
    ['another file', `${DIGEST}  ETHUSDT-metrics-2024-01-15.zip\n`],
    ['another day', `${DIGEST}  BTCUSDT-metrics-2024-01-16.zip\n`],
    ['two lines', `${DIGEST}  ${NAME}\n${DIGEST}  ${NAME}\n`],
    ['an HTML page', '<html><body>Forbidden</body></html>'],
  ])('rejects %s', (_name, text) => {
    expect(parseChecksumFile(text, NAME).kind).toBe('invalid');
  });
});
