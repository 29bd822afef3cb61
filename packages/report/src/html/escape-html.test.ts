import { describe, expect, it } from 'vitest';
import { escapeHtml, jsonForScript, scriptForHtml } from './escape-html.ts';

describe('escapeHtml', () => {
  it.each([
    ['plain /data dir', 'plain /data dir'],
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    [`a "quoted" & 'single'`, 'a &quot;quoted&quot; &amp; &#39;single&#39;'],
    ['&amp; stays visible as typed', '&amp;amp; stays visible as typed'],
  ])('%s', (input, output) => {
    expect(escapeHtml(input)).toBe(output);
  });
});

describe('jsonForScript', () => {
  it('leaves no < that could close the script element and parses back to the same value', () => {
    const value = {
      dir: '/tmp/</script><script>alert(1)</script>',
      note: '<!-- x -->',
      line: '\u2028\u2029',
    };
    const json = jsonForScript(value);
    expect(json).not.toContain('<');
    expect(json).not.toMatch(/[\u2028\u2029]/);
    expect(JSON.parse(json)).toEqual(value);
  });
});

describe('scriptForHtml', () => {
  it('hides </script and <!-- from the HTML parser without changing what the script means', () => {
    const source = 'const a = "</script>"; const b = "<!--";';
    const safe = scriptForHtml(source);
    expect(safe).not.toMatch(/<\/script/i);
    expect(safe).not.toContain('<!--');
    const read = new Function(`${safe}; return [a, b];`) as () => string[];
    expect(read()).toEqual(['</script>', '<!--']);
  });
});
