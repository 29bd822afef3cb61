#!/usr/bin/env -S node --
// The `--` in the shebang (and in the start script) ends node's own options: node otherwise scans
// script arguments for `--env-file` and would load or reject our `--env-file` itself.
import { type Execve, relaunchWithMemoryFlags } from './cli/memory-tuning.ts';
import { nodeVersionProblem } from './cli/node-version.ts';

const tooOld = nodeVersionProblem(process.version, process.execPath);
if (tooOld !== undefined) {
  process.stderr.write(`oi: error: ${tooOld}\n`);
  process.exit(2);
}

// First the memory settings, which only a process's start can give (this may start it over, in
// place); then the command line, loaded only now so that a relaunch loads nothing twice.
const execve: Execve | undefined =
  typeof process.execve === 'function' ? (process.execve.bind(process) as Execve) : undefined;
relaunchWithMemoryFlags(process, execve);
await import('./run-oi.ts');
