import { runCli } from './run.ts';

/** The `klachtwijs` process (bin/klachtwijs.js): the command line with this process's environment and streams. */
process.exitCode = await runCli(process.argv.slice(2), {
  env: process.env,
  cwd: process.cwd(),
  io: { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) },
});
