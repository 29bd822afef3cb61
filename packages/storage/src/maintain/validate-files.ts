import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDayFile } from '../format/parse-day-file.ts';
import { isTempFileName, parseDayFileName, QUARANTINE_SUFFIX, seriesDirPath } from '../fs/data-dir-layout.ts';
import { readFileSnapshot } from '../fs/file-snapshot.ts';
import { isNotFound } from '../fs/not-found.ts';
import type { FileIssue } from '../model/file-issue.ts';
import { ALL_SERIES, seriesColumnsOf } from '../model/series.ts';
import { assertSymbol } from '../model/symbol.ts';
import { listSymbols } from '../read/list-symbols.ts';

/** Options of validateFiles. */
export interface ValidateFilesOptions {
  /** Only these symbols. @default every symbol in the data directory */
  readonly symbols?: readonly string[];
}

/** Result of validateFiles. */
export interface ValidationReport {
  /** Day files checked. */
  readonly files: number;
  /** Valid rows with distinct slots in those files. */
  readonly rows: number;
  /** Every problem found, by file then line. */
  readonly issues: readonly FileIssue[];
  /** True when there is no issue. */
  readonly ok: boolean;
}

/**
 * Checks every day file: header, field counts, values, grid, day, duplicates, order, torn last
 * line, and names in the series folders that are not day files of that folder (temporary files of a
 * running writer and `.quarantine` files are skipped). Needs no lock and changes nothing.
 */
export async function validateFiles(
  dataDir: string,
  options: ValidateFilesOptions = {},
): Promise<ValidationReport> {
  const symbols =
    options.symbols === undefined ? await listSymbols(dataDir) : options.symbols.map(assertSymbol);
  const issues: FileIssue[] = [];
  let files = 0;
  let rows = 0;
  for (const symbol of symbols) {
    for (const series of ALL_SERIES) {
      const dir = seriesDirPath(dataDir, symbol, series);
      let names: string[];
      try {
        names = (await readdir(dir)).sort();
      } catch (error) {
        if (isNotFound(error)) continue;
        throw error;
      }
      for (const name of names) {
        if (isTempFileName(name) || name.endsWith(QUARANTINE_SUFFIX)) continue;
        const path = join(dir, name);
        const parsedName = parseDayFileName(name);
        if (parsedName === undefined || parsedName.symbol !== symbol || parsedName.series !== series) {
          issues.push({
            path,
            line: 0,
            kind: 'bad-file-name',
            message: `not a ${symbol} ${series} day file name (or not a real date)`,
          });
          continue;
        }
        const snapshot = await readFileSnapshot(path);
        if (snapshot === undefined) continue;
        files++;
        const parsed = parseDayFile(
          snapshot.text,
          series,
          parsedName.dayKey,
          seriesColumnsOf(symbol, series),
        );
        rows += parsed.rows.length;
        for (const issue of parsed.issues) issues.push({ path, ...issue });
      }
    }
  }
  return { files, rows, issues, ok: issues.length === 0 };
}
