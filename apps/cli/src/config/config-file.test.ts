import { describe, expect, it } from 'vitest';
import { parseConfigText } from './config-file.ts';

const PATH = '/srv/oi/config/config.json';

describe('parseConfigText', () => {
  it.each([
    ['["BTCUSDT","ETHUSDT"]', 'array', ['BTCUSDT', 'ETHUSDT']],
    ['{"symbols": ["BTCUSDT"], "note": "kept"}', 'object', ['BTCUSDT']],
    ['{"symbols": ["BTCUSDT, ETHUSDT", "BTCUSDT"]}', 'object', ['BTCUSDT', 'ETHUSDT']],
  ])('reads %s', (text, form, symbols) => {
    expect(parseConfigText(text, PATH)).toEqual({
      ok: true,
      value: { found: true, form, symbols, document: JSON.parse(text) },
    });
  });

  it.each([
    ['{"symbols": ["BTCUSDT",]}', /^malformed JSON in config file \/srv\/oi\/config\/config\.json: /],
    [
      '{"pairs": ["BTCUSDT"]}',
      'expected a JSON array of symbols or an object {"symbols": [...]}, found an object with keys ["pairs"]',
    ],
    ['"BTCUSDT"', 'expected a JSON array of symbols or an object {"symbols": [...]}, found string "BTCUSDT"'],
    ['null', 'expected a JSON array of symbols or an object {"symbols": [...]}, found null'],
    ['12', 'expected a JSON array of symbols or an object {"symbols": [...]}, found number 12'],
    ['{"symbols": "BTCUSDT"}', '"symbols" must be an array of strings, found string "BTCUSDT"'],
    ['{"symbols": null}', '"symbols" must be an array of strings, found null'],
    ['{"symbols": {"a": 1}}', '"symbols" must be an array of strings, found an object with keys ["a"]'],
    ['["BTCUSDT", 1]', '"symbols" must be an array of strings, found an array'],
    ['["BTCUSDT", "eth/usdt"]', /^invalid symbol in config file \/srv\/.*: expected .*, found "eth\/usdt"$/],
    ['[]', /^config file \/srv\/oi\/config\/config\.json is empty: expected at least one symbol$/],
    ['{"symbols": []}', /is empty: expected at least one symbol$/],
  ])('rejects %s with one line', (text, problem) => {
    const parsed = parseConfigText(text, PATH);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problem).not.toContain('\n');
    if (typeof problem === 'string') expect(parsed.problem).toBe(`invalid config file ${PATH}: ${problem}`);
    else expect(parsed.problem).toMatch(problem);
  });
});
