#!/usr/bin/env node
/**
 * Process entry point of the control-plane operator (`mission-control-operator`); the command
 * itself is in `operator-command.ts`.
 */
// First: it decides how @kubernetes/client-node is loaded, before anything imports it.
import './kube-config-only';
import { runOperator } from './operator-command';

if (require.main === module) {
  runOperator(process.argv).catch((err) => {
    process.stderr.write(`mission-control-operator: ${(err as Error).message}\n`);
    process.exit(2);
  });
}
