/** Where commands write, so tests can capture it; and the exit codes, in one place. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /** True when stderr is an interactive terminal and CI is not set (progress bars). */
  interactive: boolean;
  /** True when stdout is a terminal: `check` then prints a short summary instead of the whole report. */
  terminal?: boolean;
  /** Standard input, read whole (`--evidence -`). */
  readStdin?: () => Promise<string>;
}

export const EXIT = {
  /** Compliant; or the command did what it was asked and found nothing wrong. */
  ok: 0,
  /** Not compliant or insufficient evidence; lint errors; failing rule tests. */
  findings: 1,
  /** Bad input or usage: unreadable, malformed or invalid files, unknown options. */
  badInput: 2,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  interactive: Boolean(process.stderr.isTTY) && !process.env.CI,
  terminal: Boolean(process.stdout.isTTY),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
};

export function captureIo(): Io & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    interactive: false,
    stdout(text: string) {
      io.out += text;
    },
    stderr(text: string) {
      io.err += text;
    },
  };
  return io;
}
