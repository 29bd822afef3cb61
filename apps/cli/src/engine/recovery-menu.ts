import type { TaskJournal, TaskRecord } from '@oi/recovery';
import type { CommandContext } from '../cli/command-context.ts';
import type { ResumeChoice } from '../commands/common/index.ts';

/** What to do about incomplete tasks: which to resume, which to mark done, and whether to go on. */
export interface TaskDecision {
  readonly resumeIds: readonly string[];
  readonly markDoneIds: readonly string[];
  /** Run the command that was asked for (false: stop after resuming / exit). */
  readonly startNew: boolean;
}

const when = (ms: number): string => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

/** One line describing a task, as the menu and `oi resume` list it. */
export function describeTask(task: TaskRecord): string {
  const range =
    task.range === null ? 'open-ended' : `${when(task.range.startMs)} .. ${when(task.range.endMs)}`;
  const done =
    task.progress.slotsTotal > 0 ? `, ${task.progress.slotsDone}/${task.progress.slotsTotal} slots` : '';
  const symbols =
    task.symbols.length > 3
      ? `${task.symbols.slice(0, 3).join(',')},+${task.symbols.length - 3}`
      : task.symbols.join(',');
  return `${task.id} ${task.type} ${task.status} [${symbols}] ${range}${done}`;
}

/**
 * Decides about incomplete tasks: `--resume` resumes all, `--no-resume` leaves them, and in a
 * terminal the menu asks (resume all / resume one / mark done / start a new task / exit). Without a
 * terminal and without a flag, nothing is resumed and a log line says how to.
 */
export async function decideIncompleteTasks(
  tasks: readonly TaskRecord[],
  options: {
    readonly resume: ResumeChoice;
    /** Where the menu is shown (`prompter`, only in a terminal) and the hint logged. */
    readonly context: Pick<CommandContext, 'prompter' | 'logger'>;
    readonly newTaskLabel: string;
  },
): Promise<TaskDecision> {
  const { prompter, logger } = options.context;
  const all = tasks.map((task) => task.id);
  if (tasks.length === 0) return { resumeIds: [], markDoneIds: [], startNew: true };
  if (options.resume === 'resume') return { resumeIds: all, markDoneIds: [], startNew: true };
  if (options.resume === 'no-resume' || prompter === undefined) {
    if (options.resume === 'ask') {
      logger.warn(
        `${tasks.length} incomplete task(s) in the journal; run "oi resume" (or add --resume) to finish them`,
      );
    }
    return { resumeIds: [], markDoneIds: [], startNew: true };
  }
  const open = [...tasks];
  const markDoneIds: string[] = [];
  for (;;) {
    if (open.length === 0) return { resumeIds: [], markDoneIds, startNew: true };
    const choice = await prompter.select<'all' | 'one' | 'done' | 'new' | 'exit'>(
      `${open.length} incomplete task(s):\n${open.map((task) => `  ${describeTask(task)}`).join('\n')}\nWhat now?`,
      [
        { name: `Resume all (${open.length})`, value: 'all' },
        { name: 'Resume one task', value: 'one' },
        { name: 'Mark a task done', value: 'done', description: 'keeps its data; it will not be resumed' },
        { name: options.newTaskLabel, value: 'new', description: 'the incomplete tasks stay in the journal' },
        { name: 'Exit', value: 'exit' },
      ],
    );
    if (choice === 'all') return { resumeIds: open.map((task) => task.id), markDoneIds, startNew: true };
    if (choice === 'new') return { resumeIds: [], markDoneIds, startNew: true };
    if (choice === 'exit') return { resumeIds: [], markDoneIds, startNew: false };
    const picked = await prompter.select(
      choice === 'one' ? 'Resume which task?' : 'Mark which task done?',
      open.map((task) => ({ name: describeTask(task), value: task.id })),
    );
    if (choice === 'one') return { resumeIds: [picked], markDoneIds, startNew: false };
    markDoneIds.push(picked);
    open.splice(
      open.findIndex((task) => task.id === picked),
      1,
    );
  }
}

/**
 * Carries out a decision made on a read-only listing, once the writer lock is held: marks the chosen
 * tasks done and returns the tasks to resume as the journal holds them now, leaving out any that
 * another process finished or removed in between.
 */
export async function applyTaskDecision(journal: TaskJournal, decision: TaskDecision): Promise<TaskRecord[]> {
  const incomplete = new Map(
    journal
      .list()
      .filter((task) => task.status !== 'done')
      .map((task) => [task.id, task]),
  );
  for (const id of decision.markDoneIds) if (incomplete.has(id)) await journal.markDone(id);
  return decision.resumeIds.flatMap((id) => {
    const task = incomplete.get(id);
    return task === undefined ? [] : [task];
  });
}
