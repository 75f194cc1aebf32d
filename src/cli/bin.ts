#!/usr/bin/env node
/** The only place that sets the process exit code; an unexpected error is one clear line and exit 2. */
import { processIo, EXIT } from './io.js';
import { run } from './program.js';

// A reader that stops early (`carespec check … | head`) closes the pipe: that is not an error to report
// with a stack trace. Any other stream error is one line and exit 2.
// Over a file-size limit (`ulimit -f`) the kernel sends SIGXFSZ, whose default action kills the process
// mid-write with no message. Ignored, the write fails with EFBIG instead, which output.ts reports (exit 2).
process.on('SIGXFSZ', () => {});

for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.ok);
    process.exitCode = EXIT.badInput;
  });
}

run(process.argv.slice(2), processIo).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`carespec: internal error: ${message}\n${process.env.CARESPEC_DEBUG && error instanceof Error ? `${error.stack}\n` : ''}`);
    process.exitCode = EXIT.badInput;
  },
);
