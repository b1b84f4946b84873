import { runCli } from './cli';

/** `ferry …`: exits with the command's code once its output is written. */
void runCli({
  argv: process.argv.slice(2),
  env: process.env,
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
}).then((code) => {
  // stdout and stderr are synchronous for files and pipes on Linux, so nothing written is lost by exiting now;
  // exiting does not wait for idle keep-alive sockets to time out.
  process.exit(code);
});
