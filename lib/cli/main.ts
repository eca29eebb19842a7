#!/usr/bin/env node
import { Command } from 'commander';
import { readSynthesis, synthesise } from './read-synthesis';
import { formatPlan, planChanges } from '../core/topology/plan';
import { packageVersion } from '../package-version';
import { addDiagnoseCommand } from './diagnose/command';

/**
 * `plan` exit codes: 0 nothing forbidden, 1 forbidden changes, 2 the plan could not be made.
 * `diagnose` exit codes: 0 no problem found, 1 problems found, 2 no diagnosis could be made.
 */
export function buildProgram(): Command {
  const program = new Command('mission-control-constructs').description('Typed infrastructure-as-code for Cassandra platforms')
    .version(packageVersion())
    .exitOverride();
  program
    .command('plan')
    .description('compare a new synthesis with a previous one and classify every cluster change as forbidden, risky or safe')
    .requiredOption('--previous <dir>', 'folder of the previous synthesis (e.g. the deployed dist/)')
    .option('--app <command or module>', 'command, or .ts/.js module, that synthesises the app (default: app in cdk8s.yaml)')
    .option('--json', 'print the plan as JSON')
    .option('--allow-parallel-data-plane-upgrades', 'judge operator upgrades in several data planes of one change each on its own, instead of as risky')
    .action((options: { previous: string; app?: string; json?: boolean; allowParallelDataPlaneUpgrades?: boolean }) => {
      const plan = planChanges(readSynthesis(options.previous), synthesise(options.app), { allowParallelDataPlaneUpgrades: options.allowParallelDataPlaneUpgrades === true });
      process.stdout.write(options.json ? `${JSON.stringify(plan, null, 2)}\n` : formatPlan(plan));
      process.exitCode = plan.forbidden > 0 ? 1 : 0;
    });
  addDiagnoseCommand(program);
  return program;
}

if (require.main === module) {
  buildProgram().parseAsync(process.argv).catch((error: unknown) => {
    const code = (error as { code?: string }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.version') process.exit(0);
    if (!code?.startsWith('commander.')) process.stderr.write(`${(error as Error).message}\n`);
    process.exit(2);
  });
}
