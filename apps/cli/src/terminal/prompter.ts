// @inquirer/prompts is loaded by the first question: most runs never ask one.
const prompts = (): Promise<typeof import('@inquirer/prompts')> => import('@inquirer/prompts');

/** One entry of a menu. */
export interface MenuChoice<T> {
  readonly name: string;
  readonly value: T;
  readonly description?: string;
}

/** The two questions commands ask; an interface so tests and non-TTY runs can do without a terminal. */
export interface Prompter {
  select<T>(message: string, choices: readonly MenuChoice<T>[]): Promise<T>;
  confirm(message: string, defaultAnswer: boolean): Promise<boolean>;
}

/** A prompter on the process terminal, built on @inquirer/prompts; prompts are written to stdout. */
export function createTerminalPrompter(signal: AbortSignal): Prompter {
  return {
    select: async <T>(message: string, choices: readonly MenuChoice<T>[]) =>
      (await prompts()).select<T>(
        {
          message,
          choices: choices.map((choice) =>
            choice.description === undefined
              ? { name: choice.name, value: choice.value }
              : { name: choice.name, value: choice.value, description: choice.description },
          ),
        },
        { signal },
      ),
    confirm: async (message: string, defaultAnswer: boolean) =>
      (await prompts()).confirm({ message, default: defaultAnswer }, { signal }),
  };
}
