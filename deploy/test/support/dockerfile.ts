// A reader of the Dockerfile subset this repository uses, enough for tests to check its wiring
// without a Docker engine: comments and parser directives, `\` line continuations, the exec (JSON)
// and shell forms, FROM stages, flags (`--from=`), ENV pairs and HEALTHCHECK options. It throws on
// what it does not understand rather than guess.

/** One instruction, its keyword upper-cased. */
export interface Instruction {
  readonly keyword: string;
  /** The arguments as written, continuations joined. */
  readonly raw: string;
  /** `--name=value` flags before the arguments (COPY, ADD, FROM, HEALTHCHECK). */
  readonly flags: Readonly<Record<string, string>>;
  /** The arguments after the flags: the exec form's array, or the shell form split on whitespace. */
  readonly args: readonly string[];
  /** True when the arguments were a JSON array (exec form). */
  readonly execForm: boolean;
  /** 1-based line of the instruction's first line. */
  readonly line: number;
}

/** A build stage: its FROM and the instructions up to the next FROM. */
export interface Stage {
  readonly index: number;
  /** `AS name`, lower-cased as Docker treats it, or undefined. */
  readonly name: string | undefined;
  /** The image (or earlier stage) it starts from. */
  readonly base: string;
  readonly instructions: readonly Instruction[];
}

/** A parsed Dockerfile. */
export interface Dockerfile {
  /** ARGs before the first FROM. */
  readonly globalArgs: readonly Instruction[];
  readonly stages: readonly Stage[];
}

const KEYWORDS = new Set([
  'ADD',
  'ARG',
  'CMD',
  'COPY',
  'ENTRYPOINT',
  'ENV',
  'EXPOSE',
  'FROM',
  'HEALTHCHECK',
  'LABEL',
  'ONBUILD',
  'RUN',
  'SHELL',
  'STOPSIGNAL',
  'USER',
  'VOLUME',
  'WORKDIR',
]);
const FLAG_KEYWORDS = new Set(['ADD', 'COPY', 'FROM', 'HEALTHCHECK', 'RUN']);

/** Joins continued lines and drops comments; returns each logical line with its first line number. */
function logicalLines(text: string): { text: string; line: number }[] {
  const result: { text: string; line: number }[] = [];
  let pending: { text: string; line: number } | undefined;
  text.split('\n').forEach((physical, index) => {
    const trimmed = physical.trim();
    // A comment (or a parser directive, which is a comment here) and blank lines vanish, even in
    // the middle of a continued instruction.
    if (trimmed.startsWith('#') || trimmed === '') return;
    const continued = trimmed.endsWith('\\');
    const part = continued ? trimmed.slice(0, -1).trimEnd() : trimmed;
    pending =
      pending === undefined
        ? { text: part, line: index + 1 }
        : { ...pending, text: `${pending.text} ${part}` };
    if (!continued) {
      result.push(pending);
      pending = undefined;
    }
  });
  if (pending !== undefined) throw new Error(`Dockerfile line ${pending.line}: continuation at end of file`);
  return result;
}

function parseArguments(
  keyword: string,
  rest: string,
  line: number,
): Omit<Instruction, 'keyword' | 'raw' | 'line'> {
  const flags: Record<string, string> = {};
  let remaining = rest;
  if (FLAG_KEYWORDS.has(keyword)) {
    for (;;) {
      const flag = /^--([a-z-]+)=(\S+)\s*/.exec(remaining);
      if (flag === null) break;
      flags[flag[1] ?? ''] = flag[2] ?? '';
      remaining = remaining.slice(flag[0].length);
    }
  }
  if (remaining.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(remaining);
    } catch {
      throw new Error(`Dockerfile line ${line}: ${keyword} has a malformed JSON array`);
    }
    if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === 'string')) {
      throw new Error(`Dockerfile line ${line}: ${keyword} exec form must be an array of strings`);
    }
    return { flags, args: parsed, execForm: true };
  }
  return { flags, args: remaining === '' ? [] : remaining.split(/\s+/), execForm: false };
}

/** Parses a Dockerfile's text; throws on an unknown instruction or an instruction before FROM. */
export function parseDockerfile(text: string): Dockerfile {
  const globalArgs: Instruction[] = [];
  const stages: { index: number; name: string | undefined; base: string; instructions: Instruction[] }[] = [];
  for (const { text: logical, line } of logicalLines(text)) {
    const match = /^(\S+)\s*(.*)$/.exec(logical);
    const keyword = (match?.[1] ?? '').toUpperCase();
    const raw = match?.[2] ?? '';
    if (!KEYWORDS.has(keyword)) throw new Error(`Dockerfile line ${line}: unknown instruction ${keyword}`);
    const instruction: Instruction = { keyword, raw, line, ...parseArguments(keyword, raw, line) };
    if (keyword === 'FROM') {
      const [base, as, name, ...extra] = instruction.args;
      if (
        base === undefined ||
        (as !== undefined && (as.toUpperCase() !== 'AS' || name === undefined)) ||
        extra.length > 0
      ) {
        throw new Error(`Dockerfile line ${line}: expected FROM image [AS name]`);
      }
      stages.push({ index: stages.length, name: name?.toLowerCase(), base, instructions: [] });
      continue;
    }
    const stage = stages.at(-1);
    if (stage === undefined) {
      if (keyword !== 'ARG') throw new Error(`Dockerfile line ${line}: ${keyword} before the first FROM`);
      globalArgs.push(instruction);
    } else stage.instructions.push(instruction);
  }
  if (stages.length === 0) throw new Error('Dockerfile has no FROM');
  return { globalArgs, stages };
}

/** The instructions of a stage with this keyword. */
export function instructionsOf(stage: Stage, keyword: string): readonly Instruction[] {
  return stage.instructions.filter((instruction) => instruction.keyword === keyword);
}

/** The last instruction of a stage with this keyword (the one in force for USER, CMD, ...). */
export function lastOf(stage: Stage, keyword: string): Instruction | undefined {
  return instructionsOf(stage, keyword).at(-1);
}

/** The variables a stage's ENV instructions set (`KEY=VALUE` pairs, quotes removed). */
export function envOf(stage: Stage): Readonly<Record<string, string>> {
  const env: Record<string, string> = {};
  for (const instruction of instructionsOf(stage, 'ENV')) {
    const pairs = instruction.raw.match(/[A-Za-z_][A-Za-z0-9_]*=("[^"]*"|\S*)/g) ?? [];
    if (pairs.length === 0) throw new Error(`Dockerfile line ${instruction.line}: expected ENV KEY=VALUE`);
    for (const pair of pairs) {
      const eq = pair.indexOf('=');
      env[pair.slice(0, eq)] = pair.slice(eq + 1).replace(/^"(.*)"$/, '$1');
    }
  }
  return env;
}

/** A HEALTHCHECK split into its options and its command. */
export interface Healthcheck {
  readonly options: Readonly<Record<string, string>>;
  /** The command after `CMD`, exec form. */
  readonly command: readonly string[];
}

/** Reads a `HEALTHCHECK [options] CMD ["exec", "form"]` instruction. */
export function parseHealthcheck(instruction: Instruction): Healthcheck {
  const rest = instruction.raw.replace(/^(--[a-z-]+=\S+\s+)*/, '');
  if (!rest.startsWith('CMD '))
    throw new Error(`Dockerfile line ${instruction.line}: expected HEALTHCHECK ... CMD`);
  const command = parseArguments('CMD', rest.slice(4).trim(), instruction.line);
  if (!command.execForm)
    throw new Error(`Dockerfile line ${instruction.line}: HEALTHCHECK CMD should use the exec form`);
  return { options: instruction.flags, command: command.args };
}
