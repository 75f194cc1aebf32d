/** `carespec render <spec.md> [--output FILE]`: the specification as a readable document, generated from its rules. */
import { renderSpecification } from '../../authoring/render-spec.js';
import { preparePlan } from '../../pipeline.js';
import { printDiagnostics } from '../diagnostics.js';
import { EXIT, type ExitCode, type Io } from '../io.js';
import { writeFileAtomic } from '../output.js';

export interface RenderCommandOptions {
  output?: string;
}

export function renderCommand(specFile: string, options: RenderCommandOptions, io: Io): ExitCode {
  const plan = preparePlan(specFile);
  if (!plan.ok) {
    printDiagnostics(io, plan.diagnostics);
    return EXIT.badInput;
  }
  printDiagnostics(io, plan.warnings);
  const document = renderSpecification(plan.value);
  if (options.output) {
    writeFileAtomic(options.output, document);
    io.stderr(`carespec: specification written to ${options.output}\n`);
  } else io.stdout(document);
  return EXIT.ok;
}
