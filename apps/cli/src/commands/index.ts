import type { CommandRegistry } from '../cli/command-registry.ts';
import { backfillCommand } from './backfill/index.ts';
import { cleanupCommand } from './cleanup/index.ts';
import { collectCommand } from './collect/index.ts';
import { commonModule } from './common/index.ts';
import { completionModule } from './completion/index.ts';
import { configShowCommand } from './config/index.ts';
import { demoCommand } from './demo/index.ts';
import { exportCommand } from './export/index.ts';
import { gapsCommand } from './gaps/index.ts';
import { legacyModule } from './legacy/index.ts';
import { reportCommand } from './report/index.ts';
import { resumeCommand } from './resume/index.ts';
import { simCommand } from './sim/index.ts';
import { sinkCheckCommand, sinkSyncCommand } from './sink/index.ts';
import { statsCommand } from './stats/index.ts';
import { symbolsUpdateCommand } from './symbols/index.ts';

/** Every module of `oi`, registered here and nowhere else; commands appear in `oi --help` in this order. */
export const registry: CommandRegistry = {
  common: commonModule,
  legacy: legacyModule,
  completion: completionModule,
  commands: [
    collectCommand,
    backfillCommand,
    gapsCommand,
    statsCommand,
    exportCommand,
    reportCommand,
    cleanupCommand,
    symbolsUpdateCommand,
    sinkSyncCommand,
    sinkCheckCommand,
    resumeCommand,
    simCommand,
    demoCommand,
    configShowCommand,
  ],
};
