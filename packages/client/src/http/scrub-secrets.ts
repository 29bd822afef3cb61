/**
 * Returns `error` unchanged when no secret appears in its message, stack or causes; otherwise a copy
 * of the chain with every secret replaced by `***` (name and `code` kept), so a proxy password can
 * never reach a log line through an underlying library's error.
 */
export function scrubSecrets(error: unknown, secrets: readonly string[], depth = 0): unknown {
  const present = secrets.filter((secret) => secret !== '');
  if (present.length === 0 || depth > 5 || !(error instanceof Error)) return error;
  const cause = scrubSecrets((error as { cause?: unknown }).cause, present, depth + 1);
  const leaks = present.some(
    (secret) => error.message.includes(secret) || (error.stack ?? '').includes(secret),
  );
  if (!leaks && cause === (error as { cause?: unknown }).cause) return error;
  const scrub = (text: string): string =>
    present.reduce((out, secret) => out.split(secret).join('***'), text);
  const copy = new Error(scrub(error.message), cause === undefined ? undefined : { cause });
  copy.name = error.name;
  copy.stack = scrub(error.stack ?? '');
  const code = (error as { code?: unknown }).code;
  if (code !== undefined) Object.assign(copy, { code });
  return copy;
}
