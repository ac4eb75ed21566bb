import { startPhase } from '../shared/start-phases.ts';
import { runCli } from './run.ts';

startPhase('code loaded');

/** The `klachtwijs` process (bin/klachtwijs.js): the command line with this process's environment and streams. */
process.exitCode = await runCli(process.argv.slice(2), {
  env: process.env,
  cwd: process.cwd(),
  io: { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) },
});
