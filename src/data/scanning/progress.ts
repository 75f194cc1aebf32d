/**
 * A progress bar on stderr for long files, only when stderr is an interactive
 * terminal and CI is not set (Io.interactive): nothing is written to a pipe,
 * a log or a CI job. Redraws at most every 100 ms, so it costs nothing per row.
 */
export interface ProgressTarget {
  interactive: boolean;
  stderr(text: string): void;
}

export interface Progress {
  advance(bytes: number): void;
  done(): void;
}

const NONE: Progress = { advance() {}, done() {} };
const WIDTH = 30;

export function createProgress(target: ProgressTarget | undefined, label: string, totalBytes: number): Progress {
  if (!target?.interactive || totalBytes < 4 * 1024 * 1024) return NONE; // small files finish before a bar helps
  let seen = 0;
  let last = 0;
  const draw = () => {
    const share = Math.min(1, seen / totalBytes);
    const filled = Math.round(share * WIDTH);
    target.stderr(`\r${label} [${'#'.repeat(filled)}${' '.repeat(WIDTH - filled)}] ${Math.round(share * 100)}%`);
  };
  return {
    advance(bytes) {
      seen += bytes;
      const now = Date.now();
      if (now - last >= 100) {
        last = now;
        draw();
      }
    },
    done() {
      target.stderr(`\r${' '.repeat(label.length + WIDTH + 8)}\r`);
    },
  };
}
