import Papa from 'papaparse';

const NEEDS_QUOTING = /[",\r\n]/;

/** Splits one CSV record (no line break) into fields; undefined when its quoting is malformed. */
export function splitCsvLine(line: string): string[] | undefined {
  // Day files never need quoting, so the common case is a plain split; papaparse handles the rest.
  if (!line.includes('"')) return line.split(',');
  const result = Papa.parse<string[]>(line, { delimiter: ',', newline: '\n', skipEmptyLines: false });
  if (result.errors.length > 0 || result.data.length !== 1) return undefined;
  return result.data[0];
}

/** Joins fields into one CSV record without the line break, quoting only fields that need it. */
export function formatCsvLine(fields: readonly string[]): string {
  if (!fields.some((field) => NEEDS_QUOTING.test(field))) return fields.join(',');
  return Papa.unparse([fields as string[]], { delimiter: ',', newline: '\n', header: false });
}
