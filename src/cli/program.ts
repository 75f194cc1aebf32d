/**
 * The command-line program: commander wiring only. Each command returns its
 * exit code; usage errors are exit 2; nothing here calls process.exit.
 * Commands are imported when they run, so `check` does not pay to load the
 * authoring tools (and they do not pay for the data reader).
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { parseCount } from './numbers.js';
import { isRealDate } from '../load/dates.js';
import { ENGINE_VERSION } from '../version.js';
import type { checkCommand } from './commands/check.js';
import type { validateCommand } from './commands/validate.js';
import type { lintCommand } from './commands/lint.js';
import type { testCommand } from './commands/test.js';
import type { explainCommand } from './commands/explain.js';
import type { initCommand } from './commands/init.js';
import type { renderCommand } from './commands/render.js';
import { EXIT, type ExitCode, type Io } from './io.js';
import { OutputError } from './output.js';
import { REPORT_FORMAT_NAMES, REPORT_FORMATS } from '../render/formats.js';

/** `--format` with its allowed values: commander refuses others as a usage error (exit 2). */
const formatOption = (choices: readonly string[], description: string) =>
  new Option('-f, --format <format>', description).choices(choices).default(choices[0]);

/** `--as-of`: a real calendar date, or a usage error. */
const asOfOption = () =>
  new Option('--as-of <date>', 'reference date for waivers and parameters (default: end of the assessment period)').argParser((value: string) => {
    if (!isRealDate(value)) throw new InvalidArgumentError('expected a date (YYYY-MM-DD).');
    return value;
  });

/** `--max-warnings`: a whole number of warnings, 0 or more (not 1e999, 0x10 or -1), or a usage error. */
const maxWarningsOption = () =>
  new Option('--max-warnings <n>', 'exit 1 when there are more warnings than this').argParser((value: string) => {
    if (parseCount(value) === undefined) throw new InvalidArgumentError('expected a whole number of warnings, 0 or more, written in digits.');
    return value;
  });

export async function run(argv: readonly string[], io: Io): Promise<ExitCode> {
  let code: ExitCode = EXIT.ok;
  const program = new Command()
    .name('carespec')
    .description('Rules-as-code specifications and compliance checks for homecare and reablement commissioning')
    .version(ENGINE_VERSION)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run carespec --help for usage)');

  program
    .command('check')
    .description('check an evidence manifest against a specification and write the compliance report')
    .argument('<spec>', 'specification (markdown)')
    .requiredOption('-e, --evidence <file>', 'evidence manifest (YAML); "-" reads it from standard input (dataset paths in it then resolve against the current directory)')
    // No default: without --format, a terminal gets a short summary and anything else the markdown report.
    .addOption(new Option('-f, --format <format>', `report format (${REPORT_FORMATS.map((f) => `${f.name}: ${f.description}`).join('; ')}; default md)`).choices(REPORT_FORMAT_NAMES))
    .option('-o, --output <file>', 'write the report to this file (whole or not at all) instead of stdout')
    .addOption(new Option('--audience <audience>', 'HTML: board (two A4 pages: verdict, stages, must failures, gaps, key charts) or full').choices(['board', 'full']))
    .option('--summary <file>', 'with --format github: write the job summary (markdown, at most 1 MiB) here (default: append to $GITHUB_STEP_SUMMARY when set)')
    .option('--no-color', 'no colour in the terminal summary (also when NO_COLOR is set)')
    .option('-q, --quiet', 'print nothing but errors: no terminal summary, no warnings; the exit code tells the verdict')
    .addOption(asOfOption())
    .option('--timestamp', 'print the time of the run in the report (reports are otherwise reproducible)')
    .option('--show-identifiers', 'show client and worker ids in per-record failures (default: keyed pseudonyms, see docs/data.md)')
    .action(async (spec: string, options: Parameters<typeof checkCommand>[1]) => {
      code = await (await import('./commands/check.js')).checkCommand(spec, options, io);
    });

  program
    .command('validate')
    .description('validate rule libraries, specifications and evidence manifests against their schemas')
    .argument('<files...>', 'files to validate')
    .action(async (files: string[]) => {
      code = await (await import('./commands/validate.js')).validateCommand(files, io);
    });

  program
    .command('lint')
    .description('static checks beyond the schema: unknown variables, parameters, rules and operations, unused parameters, missing examples')
    .argument('<files...>', 'rule libraries, specifications, evidence manifests, or folders holding them')
    .addOption(maxWarningsOption())
    .addOption(formatOption(['text', 'json'], 'output format'))
    .option('-o, --output <file>', 'write the findings to this file instead of stdout')
    .action(async (files: string[], options: Parameters<typeof lintCommand>[1]) => {
      code = await (await import('./commands/lint.js')).lintCommand(files, options, io);
    });

  program
    .command('test')
    .description("run every rule's inline examples and the YAML rule tests, with coverage (default paths: rules/ and specs/)")
    .argument('[paths...]', 'rule libraries, specifications, rule-tests files, or folders holding them')
    .addOption(formatOption(['text', 'junit'], 'report format'))
    .option('-o, --output <file>', 'write the report (JUnit XML with --format junit) to this file')
    .option('--verbose', 'list every case, not only the failures')
    .action(async (paths: string[], options: Parameters<typeof testCommand>[1]) => {
      code = await (await import('./commands/test.js')).testCommand(paths, options, io);
    });

  program
    .command('explain')
    .description('the full reasoning for one rule: every JSON Logic step with its value, parameters, evidence, waiver and status')
    .argument('<rule-id>', 'the rule to explain')
    .requiredOption('-s, --spec <file>', 'specification (markdown)')
    .requiredOption('-e, --evidence <file>', 'evidence manifest (YAML)')
    .addOption(asOfOption())
    .addOption(formatOption(['md', 'json'], 'output format'))
    .option('-o, --output <file>', 'write the explanation to this file instead of stdout')
    .action(async (ruleId: string, options: Parameters<typeof explainCommand>[1]) => {
      code = await (await import('./commands/explain.js')).explainCommand(ruleId, options, io);
    });

  program
    .command('init')
    .description('write an evidence template (every fact, attestation and dataset the rules need) and an evidence checklist')
    .requiredOption('-s, --spec <file>', 'specification (markdown)')
    .option('-o, --output <file>', 'evidence template to write ("-" for stdout)', 'evidence.yaml')
    .option('--checklist <file>', 'also write the evidence checklist as markdown ("-" for stdout)')
    .option('--force', 'replace existing files')
    .action(async (options: Parameters<typeof initCommand>[0]) => {
      code = await (await import('./commands/init.js')).initCommand(options, io);
    });

  program
    .command('render')
    .description('the specification as a readable document for a tender pack, each rule stated in plain words from its logic')
    .argument('<spec>', 'specification (markdown)')
    .option('-o, --output <file>', 'write the document to this file instead of stdout')
    .action(async (spec: string, options: Parameters<typeof renderCommand>[1]) => {
      code = await (await import('./commands/render.js')).renderCommand(spec, options, io);
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit with 0 through commander; everything else is a usage error.
      return error.exitCode === 0 ? EXIT.ok : EXIT.badInput;
    }
    if (error instanceof OutputError) {
      io.stderr(`carespec: ${error.message}\n`);
      return EXIT.badInput;
    }
    throw error;
  }
  return code;
}
