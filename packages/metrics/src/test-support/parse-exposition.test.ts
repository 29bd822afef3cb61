import { describe, expect, it } from 'vitest';
import { parseExposition } from './parse-exposition.ts';

const VALID = [
  '# HELP a_total Things.',
  '# TYPE a_total counter',
  'a_total{kind="x",path="/p?q=\\"1\\"\\\\"} 3',
  'a_total{kind="y"} 1.5e3',
  '# HELP h Lag.',
  '# TYPE h histogram',
  'h_bucket{le="1"} 1',
  'h_bucket{le="5"} 2',
  'h_bucket{le="+Inf"} 2',
  'h_sum 4.5',
  'h_count 2',
  '# TYPE g gauge',
  'g NaN',
  'g{x="2"} Nan',
  'g{x="1"} -Inf 1700000000000',
  '',
].join('\n');

describe('parseExposition', () => {
  it('reads families, labels with escapes, special values and histograms', () => {
    const families = parseExposition(VALID);
    expect([...families.keys()]).toEqual(['a_total', 'h', 'g']);
    const counter = families.get('a_total');
    expect(counter?.type).toBe('counter');
    expect(counter?.help).toBe('Things.');
    expect(counter?.samples).toEqual([
      { name: 'a_total', labels: { kind: 'x', path: '/p?q="1"\\' }, value: 3 },
      { name: 'a_total', labels: { kind: 'y' }, value: 1500 },
    ]);
    expect(families.get('h')?.samples.map((s) => s.name)).toEqual([
      'h_bucket',
      'h_bucket',
      'h_bucket',
      'h_sum',
      'h_count',
    ]);
    expect(families.get('g')?.samples[0]?.value).toBeNaN();
    expect(families.get('g')?.samples[1]?.value).toBeNaN();
    expect(families.get('g')?.samples[2]?.value).toBe(Number.NEGATIVE_INFINITY);
  });

  it.each([
    ['no final newline', '# TYPE a gauge\na 1'],
    ['sample without TYPE', '# HELP a A.\na 1\n'],
    ['sample of no family', 'a 1\n'],
    ['bad value', '# TYPE a gauge\na one\n'],
    ['half a special value', '# TYPE a gauge\na In\n'],
    ['two spaces', '# TYPE a gauge\na  1\n'],
    ['bad metric name', '# TYPE 1a gauge\n'],
    ['unknown type', '# TYPE a meter\n'],
    ['second TYPE', '# TYPE a gauge\n# TYPE a gauge\n'],
    ['second HELP', '# HELP a A.\n# HELP a B.\n'],
    ['unquoted label', '# TYPE a gauge\na{x=1} 1\n'],
    ['bad label name', '# TYPE a gauge\na{1x="1"} 1\n'],
    ['repeated label', '# TYPE a gauge\na{x="1",x="2"} 1\n'],
    ['bad escape', '# TYPE a gauge\na{x="\\t"} 1\n'],
    ['unterminated label', '# TYPE a gauge\na{x="1} 1\n'],
    ['duplicate sample', '# TYPE a gauge\na{x="1"} 1\na{x="1"} 2\n'],
    ['family split in two', '# TYPE a gauge\na 1\n# TYPE b gauge\nb 1\n# HELP a A.\n'],
    ['sample of a closed family', '# TYPE a gauge\n# TYPE b gauge\na 1\n'],
    ['histogram without +Inf', '# TYPE h histogram\nh_bucket{le="1"} 1\nh_sum 1\nh_count 1\n'],
    [
      'decreasing buckets',
      '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n',
    ],
    ['count differs', '# TYPE h histogram\nh_bucket{le="+Inf"} 2\nh_sum 1\nh_count 1\n'],
    ['bucket without le', '# TYPE h histogram\nh_bucket 1\nh_sum 1\nh_count 1\n'],
  ])('rejects %s', (_case, text) => {
    expect(() => parseExposition(text)).toThrow();
  });
});
