// A strict reader of the Prometheus text exposition format (version 0.0.4), for tests: it throws on
// anything the format forbids (and on samples without a TYPE line, which prom-client always writes),
// so "it parses" means something.

/** One sample line. */
export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** A metric family: its TYPE, HELP and samples (histogram series included). */
export interface MetricFamily {
  readonly name: string;
  readonly type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
  readonly help: string;
  readonly samples: readonly Sample[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const SUFFIXES: Readonly<Record<string, readonly string[]>> = {
  counter: [''],
  gauge: [''],
  untyped: [''],
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['', '_sum', '_count'],
};

interface MutableFamily {
  name: string;
  type: MetricFamily['type'] | undefined;
  help: string | undefined;
  samples: Sample[];
}

function fail(lineNumber: number, problem: string, line: string): never {
  throw new Error(`exposition line ${lineNumber}: ${problem}: ${JSON.stringify(line)}`);
}

/** A value as Go's ParseFloat reads it, which is what the format prescribes (so `Nan`, `+inf` too). */
function parseValue(text: string, lineNumber: number, line: string): number {
  if (/^[+]?inf(inity)?$/i.test(text)) return Number.POSITIVE_INFINITY;
  if (/^-inf(inity)?$/i.test(text)) return Number.NEGATIVE_INFINITY;
  if (/^nan$/i.test(text)) return Number.NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) fail(lineNumber, 'bad value', line);
  return Number(text);
}

/** Reads `{a="1",b="x\"y"}` starting at `start`; returns the labels and the index after `}`. */
function parseLabels(
  line: string,
  start: number,
  lineNumber: number,
): { labels: Record<string, string>; end: number } {
  const labels: Record<string, string> = {};
  let i = start + 1;
  while (line[i] !== '}') {
    const eq = line.indexOf('=', i);
    if (eq === -1) fail(lineNumber, 'label without =', line);
    const name = line.slice(i, eq);
    if (!LABEL_NAME.test(name)) fail(lineNumber, `bad label name ${name}`, line);
    if (name in labels) fail(lineNumber, `label ${name} repeated`, line);
    if (line[eq + 1] !== '"') fail(lineNumber, 'label value not quoted', line);
    let value = '';
    let j = eq + 2;
    for (; j < line.length && line[j] !== '"'; j += 1) {
      if (line[j] !== '\\') {
        value += line[j];
        continue;
      }
      const escaped = line[j + 1];
      if (escaped === 'n') value += '\n';
      else if (escaped === '\\' || escaped === '"') value += escaped;
      else fail(lineNumber, 'bad escape in label value', line);
      j += 1;
    }
    if (j >= line.length) fail(lineNumber, 'unterminated label value', line);
    labels[name] = value;
    i = j + 1;
    if (line[i] === ',') i += 1;
    else if (line[i] !== '}') fail(lineNumber, 'expected , or } after a label', line);
  }
  return { labels, end: i + 1 };
}

function familyOf(
  sampleName: string,
  families: ReadonlyMap<string, MutableFamily>,
): MutableFamily | undefined {
  for (const [name, family] of families) {
    const suffixes = SUFFIXES[family.type ?? 'untyped'] ?? [''];
    if (suffixes.some((suffix) => `${name}${suffix}` === sampleName)) return family;
  }
  return undefined;
}

function checkHistogram(family: MetricFamily): void {
  const groups = new Map<string, Sample[]>();
  for (const sample of family.samples) {
    if (sample.name !== `${family.name}_bucket`) continue;
    if (sample.labels['le'] === undefined) throw new Error(`${family.name}: bucket without le`);
    const { le: _le, ...rest } = sample.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    groups.set(key, [...(groups.get(key) ?? []), sample]);
  }
  for (const [key, buckets] of groups) {
    let previous = { le: Number.NEGATIVE_INFINITY, value: 0 };
    for (const bucket of buckets) {
      const le = parseValue(bucket.labels['le'] ?? '', 0, key);
      if (le <= previous.le) throw new Error(`${family.name}${key}: buckets not in increasing le`);
      if (bucket.value < previous.value) throw new Error(`${family.name}${key}: bucket counts decrease`);
      previous = { le, value: bucket.value };
    }
    if (previous.le !== Number.POSITIVE_INFINITY) throw new Error(`${family.name}${key}: no +Inf bucket`);
    const labels = Object.fromEntries(JSON.parse(key) as [string, string][]);
    const count = family.samples.find(
      (s) => s.name === `${family.name}_count` && JSON.stringify(Object.entries(s.labels).sort()) === key,
    );
    if (count === undefined || count.value !== previous.value) {
      throw new Error(`${family.name}${JSON.stringify(labels)}: _count differs from the +Inf bucket`);
    }
  }
}

/** Parses exposition text into metric families; throws on the first violation of the format. */
export function parseExposition(text: string): ReadonlyMap<string, MetricFamily> {
  if (text !== '' && !text.endsWith('\n')) throw new Error('exposition must end with a newline');
  const families = new Map<string, MutableFamily>();
  const seen = new Set<string>();
  let current: MutableFamily | undefined;
  const lines = text.split('\n');
  lines.pop();
  lines.forEach((line, index) => {
    const lineNumber = index + 1;
    if (line.trim() === '') return;
    const meta = /^# (HELP|TYPE) (\S+)(?: (.*))?$/.exec(line);
    if (meta !== null) {
      const [, keyword, name = '', rest = ''] = meta;
      if (!METRIC_NAME.test(name)) fail(lineNumber, 'bad metric name', line);
      let family = families.get(name);
      if (family === undefined) {
        family = { name, type: undefined, help: undefined, samples: [] };
        families.set(name, family);
      } else if (family !== current) fail(lineNumber, 'metric family is not contiguous', line);
      current = family;
      if (keyword === 'TYPE') {
        if (family.type !== undefined) fail(lineNumber, 'second TYPE line', line);
        if (!TYPES.has(rest)) fail(lineNumber, 'unknown type', line);
        family.type = rest as MetricFamily['type'];
      } else {
        if (family.help !== undefined) fail(lineNumber, 'second HELP line', line);
        family.help = rest;
      }
      return;
    }
    if (line.startsWith('#')) return;
    const nameMatch = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line);
    if (nameMatch === null) fail(lineNumber, 'bad sample name', line);
    const name = nameMatch[0];
    let rest = line.slice(name.length);
    let labels: Record<string, string> = {};
    if (rest.startsWith('{')) {
      const parsed = parseLabels(line, name.length, lineNumber);
      labels = parsed.labels;
      rest = line.slice(parsed.end);
    }
    const parts = rest.split(' ');
    if (parts[0] !== '' || parts.length < 2 || parts.length > 3) fail(lineNumber, 'expected " value"', line);
    const value = parseValue(parts[1] ?? '', lineNumber, line);
    if (parts[2] !== undefined && !/^-?\d+$/.test(parts[2])) fail(lineNumber, 'bad timestamp', line);
    const family = familyOf(name, families);
    if (family === undefined || family !== current) fail(lineNumber, 'sample outside its family', line);
    if (family.type === undefined) fail(lineNumber, 'sample before its TYPE line', line);
    const key = `${name}${JSON.stringify(Object.entries(labels).sort())}`;
    if (seen.has(key)) fail(lineNumber, 'duplicate sample', line);
    seen.add(key);
    family.samples.push({ name, labels, value });
  });
  const result = new Map<string, MetricFamily>();
  for (const family of families.values()) {
    const complete: MetricFamily = {
      name: family.name,
      type: family.type ?? 'untyped',
      help: family.help ?? '',
      samples: family.samples,
    };
    if (complete.type === 'histogram') checkHistogram(complete);
    result.set(family.name, complete);
  }
  return result;
}

/**
 * The value of the sample `sampleName` whose labels are exactly `labels` (process-wide default labels
 * aside there are none), or undefined when there is no such sample.
 */
export function sampleValue(
  families: ReadonlyMap<string, MetricFamily>,
  sampleName: string,
  labels: Readonly<Record<string, string>> = {},
): number | undefined {
  const wanted = JSON.stringify(Object.entries(labels).sort());
  for (const family of families.values()) {
    for (const sample of family.samples) {
      if (sample.name === sampleName && JSON.stringify(Object.entries(sample.labels).sort()) === wanted) {
        return sample.value;
      }
    }
  }
  return undefined;
}
