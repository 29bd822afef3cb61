import { PassThrough, Writable } from 'node:stream';
import winston from 'winston';
import type { CommandContext } from '../cli/command-context.ts';
import type { MenuChoice, Prompter } from '../terminal/prompter.ts';
import type { TestClock } from '../test-clock.ts';

/**
 * A prompter that gives the answers it was handed, in order: for `select`, the `name` of the choice
 * to pick (so a test reads like the menu it drives); for `confirm`, a boolean. Running out of
 * answers, or naming a choice the menu does not offer, fails the test.
 */
export function scriptedPrompter(
  answers: readonly (string | boolean)[],
): Prompter & { readonly asked: string[] } {
  const queue = [...answers];
  const asked: string[] = [];
  const next = (message: string): string | boolean => {
    asked.push(message);
    const answer = queue.shift();
    if (answer === undefined) throw new Error(`no scripted answer left for: ${message}`);
    return answer;
  };
  return {
    asked,
    select: async <T>(message: string, choices: readonly MenuChoice<T>[]): Promise<T> => {
      const answer = next(message);
      const choice = choices.find((candidate) => candidate.name === answer);
      if (choice === undefined) {
        throw new Error(`no choice ${String(answer)} in ${choices.map((c) => c.name).join(' | ')}`);
      }
      return choice.value;
    },
    confirm: async (message: string) => {
      const answer = next(message);
      if (typeof answer !== 'boolean') throw new Error(`expected a yes/no answer for: ${message}`);
      return answer;
    },
  };
}

/** Options of {@link createTestContext}. */
export interface TestContextOptions {
  readonly prompter?: Prompter;
  readonly testClock?: TestClock;
  /** Receives every log line as `level message`. */
  readonly log?: string[];
}

/** A command context for running a handler in the test process: no terminal, logs kept or dropped. */
export function createTestContext(options: TestContextOptions = {}): CommandContext {
  const { log } = options;
  const logger =
    log === undefined
      ? winston.createLogger({ silent: true })
      : winston.createLogger({
          level: 'debug',
          transports: [
            new winston.transports.Stream({
              stream: new Writable({
                write(chunk: Buffer, _encoding, done) {
                  log.push(chunk.toString().trimEnd());
                  done();
                },
              }),
              format: winston.format.printf((info) => `${info.level} ${String(info.message)}`),
            }),
          ],
        });
  return {
    logger,
    signal: new AbortController().signal,
    ...(options.prompter === undefined ? {} : { prompter: options.prompter }),
    ...(options.testClock === undefined ? {} : { testClock: options.testClock }),
    progressBars: false,
    stdout: new PassThrough(),
  };
}
