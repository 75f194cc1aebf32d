/**
 * `carespec lint <files...>`: static checks beyond the schema for rule
 * libraries, specifications and evidence manifests (folders are searched).
 * Exit 0 clean; 1 lint errors or more warnings than --max-warnings; 2 a file
 * that cannot be read, parsed, validated or assembled (as `validate` says).
 */
import { isLintCode, lint, type LintTargets } from '../../authoring/lint/index.js';
import { expandInputs, shown, Workspace } from '../../authoring/workspace.js';
import { formatDiagnostic, type Diagnostic } from '../../model/diagnostic.js';
import { printDiagnostics } from '../diagnostics.js';
import { readProfile, type Profile } from '../../data/reading/profile.js';
import { EXIT, type ExitCode, type Io } from '../io.js';
import { writeFileAtomic } from '../output.js';
import { parseCount } from '../numbers.js';

export interface LintCommandOptions {
  maxWarnings?: string;
  format?: string;
  output?: string;
}

const LINTABLE = new Set(['rule-library', 'specification', 'evidence', 'profile'] as const);

export function lintCommand(inputs: string[], options: LintCommandOptions, io: Io): ExitCode {
  // The format's allowed values are enforced where the options are parsed (program.ts).
  const format = options.format ?? 'text';
  const maxWarnings = options.maxWarnings === undefined ? Infinity : parseCount(options.maxWarnings);
  if (maxWarnings === undefined) {
    io.stderr(`carespec lint: --max-warnings "${options.maxWarnings}" is not a whole number of warnings (0 or more, in digits)\n`);
    return EXIT.badInput;
  }

  const { files, diagnostics: missing } = expandInputs(inputs, LINTABLE);
  const unreadable: Diagnostic[] = [...missing];
  const workspace = new Workspace();
  const profiles: Profile[] = [];
  const targets: LintTargets = { libraries: [], specs: [], evidence: [], profiles };
  for (const { file, kind } of files) {
    if (kind === 'rule-library') {
      const outcome = workspace.library(file);
      // Its imports must load too (no cycle, no unknown carespec: name), or its names cannot be resolved.
      const context = outcome.ok ? workspace.context(file) : outcome;
      if (outcome.ok && context.ok) targets.libraries.push(outcome.value);
      else unreadable.push(...(!outcome.ok ? outcome.diagnostics : !context.ok ? context.diagnostics : []));
    } else if (kind === 'specification') {
      const outcome = workspace.spec(file);
      if (!outcome.ok) {
        unreadable.push(...outcome.diagnostics);
        continue;
      }
      const imports = workspace.imports(outcome.value);
      if (imports.ok) targets.specs.push(outcome.value);
      else unreadable.push(...imports.diagnostics);
    } else if (kind === 'profile') {
      const outcome = readProfile(file, shown(file));
      if (outcome.ok) profiles.push(outcome.profile);
      else unreadable.push(...outcome.diagnostics);
    } else if (kind === 'evidence') {
      const outcome = workspace.manifest(file);
      if (outcome.ok) targets.evidence.push(outcome.value);
      else unreadable.push(...outcome.diagnostics);
    } else {
      unreadable.push({ code: 'file/kind', message: 'Unexpected file: expected a .md specification or a YAML file tagged "carespec: rule-library/1" or "carespec: evidence/1"', severity: 'error', file: shown(file), line: 1, column: 1 });
    }
  }
  if (files.length === 0 && unreadable.length === 0) {
    io.stderr('carespec lint: no rule libraries, specifications, evidence manifests or mapping profiles found\n');
    return EXIT.badInput;
  }

  const all = lint(targets, workspace);
  // Assembly's errors are reported as `validate` and `check` report them: bad input, exit 2.
  const refused = all.filter((d) => !isLintCode(d.code) && d.severity === 'error');
  const findings = all.filter((d) => !refused.includes(d));
  const errors = findings.filter((d) => d.severity === 'error').length;
  const warnings = findings.length - errors;
  const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const bad = [...unreadable, ...refused];
  if (bad.length > 0) {
    // Exit 2 writes no report: a summary of "0 errors" over files a check would refuse would read as clean.
    printDiagnostics(io, [...bad, ...findings]);
    io.stderr(`carespec lint: ${count(files.length, 'file')}, ${count(bad.length + errors, 'error')} (${bad.length} in files that could not be read, validated or assembled), ${count(warnings, 'warning')}\n`);
    return EXIT.badInput;
  }
  const summary = `${files.length} files, ${count(errors, 'error')}, ${count(warnings, 'warning')}`;

  const report =
    format === 'json'
      ? `${JSON.stringify({ files: files.length, errors, warnings, unreadable, findings }, null, 2)}\n`
      : `${findings.map((d) => `${formatDiagnostic(d)}\n`).join('')}${summary}\n`;
  if (options.output) writeFileAtomic(options.output, report);
  else io.stdout(report);

  if (errors > 0) return EXIT.findings;
  if (warnings > maxWarnings) {
    io.stderr(`carespec lint: ${warnings} warnings, more than --max-warnings ${maxWarnings}\n`);
    return EXIT.findings;
  }
  return EXIT.ok;
}
