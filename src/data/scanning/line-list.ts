/**
 * Every failing line of a per-record rule, file by file, in 4 bytes a line:
 * a rule that fails on most of a 5-million-row export must not cost a JS
 * array of boxed numbers per row. Plain data when snapshotted, so parts read
 * in worker threads can be sent back and appended in file order.
 */
import type { FailedLines } from '../../model/types.js';

export interface LineListState {
  files: string[];
  /** Lines of each file, parallel to `files`. */
  lines: Int32Array[];
}

export class LineList {
  private readonly files: string[] = [];
  private readonly buffers: Int32Array[] = [];
  private readonly lengths: number[] = [];

  add(file: string, line: number): void {
    let last = this.files.length - 1;
    if (last < 0 || this.files[last] !== file) {
      this.files.push(file);
      this.buffers.push(new Int32Array(64));
      this.lengths.push(0);
      last += 1;
    }
    let buffer = this.buffers[last]!;
    const length = this.lengths[last]!;
    if (length === buffer.length) {
      const grown = new Int32Array(buffer.length * 2);
      grown.set(buffer);
      this.buffers[last] = buffer = grown;
    }
    buffer[length] = line;
    this.lengths[last] = length + 1;
  }

  /** Append a later part's lines (same or following files), as if they had been added here. */
  append(part: LineListState): void {
    part.files.forEach((file, i) => {
      for (const line of part.lines[i]!) this.add(file, line);
    });
  }

  snapshot(): LineListState {
    return { files: [...this.files], lines: this.buffers.map((buffer, i) => buffer.slice(0, this.lengths[i])) };
  }

  toJSON(): FailedLines[] {
    return this.files.map((file, i) => ({ file, lines: Array.from(this.buffers[i]!.subarray(0, this.lengths[i])) }));
  }
}
