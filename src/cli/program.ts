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
import type { lintCommand } from './commands/lint.js';
import type { testCommand } from './commands/test.js';
import type { explainCommand } from './commands/explain.js';
import type { initCommand } from './commands/init.js';
import type { renderCommand } from './commands/render.js';
import type { portfolioCommand } from './commands/portfolio.js';
import type { diffCommand } from './commands/diff.js';
import type { impactCommand } from './commands/impact.js';
import type { importCommand } from './commands/import.js';
import { EXIT, type ExitCode, type Io } from './io.js';
import { OutputError } from './output.js';
import { forgetInputs } from '../load/files.js';

/**
 * An option that takes one value may be given once: `-e a.yaml -e b.yaml` would otherwise quietly check
 * b.yaml, and `-f md -f json` write JSON. Wraps the option's own parser (e.g. its choices); the flag is
 * fresh for every run() because the options are built anew each time.
 */
function once(option: Option): Option {
  const parse = option.parseArg;
  let given = false;
  return option.argParser(<T>(value: string, previous: T): T => {
    if (given) throw new InvalidArgumentError('it was given more than once; give it once.');
    given = true;
    return parse ? parse(value, previous) : (value as T);
  });
}

/** A value-taking option, given at most once. */
const single = (flags: string, description: string) => once(new Option(flags, description));
import { REPORT_FORMAT_NAMES, REPORT_FORMATS } from '../render/formats.js';
import { PORTFOLIO_FORMAT_NAMES } from '../render/portfolio-formats.js';
import { DIFF_FORMAT_NAMES, IMPACT_FORMAT_NAMES } from '../render/compare-formats.js';

/** `--format` with its allowed values: commander refuses others as a usage error (exit 2). */
const formatOption = (choices: readonly string[], description: string) =>
  once(new Option('-f, --format <format>', description).choices(choices).default(choices[0]));

/** `--as-of`: a real calendar date, or a usage error. */
const asOfOption = () =>
  once(new Option('--as-of <date>', 'reference date for waivers and parameters (default: end of the assessment period)').argParser((value: string) => {
    if (!isRealDate(value)) throw new InvalidArgumentError('expected a date (YYYY-MM-DD).');
    return value;
  }));

/** `--max-warnings`: a whole number of warnings, 0 or more (not 1e999, 0x10 or -1), or a usage error. */
const maxWarningsOption = () =>
  once(new Option('--max-warnings <n>', 'exit 1 when there are more warnings than this').argParser((value: string) => {
    if (parseCount(value) === undefined) throw new InvalidArgumentError('expected a whole number of warnings, 0 or more, written in digits.');
    return value;
  }));

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
    .addOption(single('-e, --evidence <file>', 'evidence manifest (YAML); "-" reads it from standard input (dataset paths in it then resolve against the current directory)').makeOptionMandatory())
    // No default: without --format, a terminal gets a short summary and anything else the markdown report.
    .addOption(once(new Option('-f, --format <format>', `report format (${REPORT_FORMATS.map((f) => `${f.name}: ${f.description}`).join('; ')}; default md)`).choices(REPORT_FORMAT_NAMES)))
    .addOption(single('-o, --output <file>', 'write the report to this file (whole or not at all) instead of stdout'))
    .addOption(once(new Option('--audience <audience>', 'md and html: board (verdict, stages, must failures, gaps, key charts; markdown under 65,536 characters, HTML two A4 pages) or full').choices(['board', 'full'])))
    .addOption(single('--summary <file>', 'with --format github: write the job summary (markdown, at most 1 MiB) here (default: append to $GITHUB_STEP_SUMMARY when set)'))
    .option('--no-color', 'no colour in the terminal summary (also when NO_COLOR is set)')
    .option('-q, --quiet', 'print nothing but errors: no terminal summary, no warnings; the exit code tells the verdict')
    .addOption(asOfOption())
    .option('--timestamp', 'print the time of the run in the report (reports are otherwise reproducible)')
    .option('--show-identifiers', 'show client and worker ids in per-record failures (default: keyed pseudonyms, see docs/data.md)')
    .option('--pool-basis <file>', 'every provider\'s measure for a pool payment (pool-basis/1 YAML, see docs/formats.md)')
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
    .addOption(single('-o, --output <file>', 'write the findings to this file instead of stdout'))
    .action(async (files: string[], options: Parameters<typeof lintCommand>[1]) => {
      code = await (await import('./commands/lint.js')).lintCommand(files, options, io);
    });

  program
    .command('test')
    .description("run every rule's inline examples and the YAML rule tests, with coverage (default paths: rules/ and specs/)")
    .argument('[paths...]', 'rule libraries, specifications, rule-tests files, or folders holding them')
    .addOption(formatOption(['text', 'junit'], 'report format'))
    .addOption(single('-o, --output <file>', 'write the report (JUnit XML with --format junit) to this file'))
    .option('--verbose', 'list every case, not only the failures')
    .action(async (paths: string[], options: Parameters<typeof testCommand>[1]) => {
      code = await (await import('./commands/test.js')).testCommand(paths, options, io);
    });

  program
    .command('explain')
    .description('the full reasoning for one rule: every JSON Logic step with its value, parameters, evidence, waiver and status')
    .argument('<rule-id>', 'the rule to explain')
    .addOption(single('-s, --spec <file>', 'specification (markdown)').makeOptionMandatory())
    .addOption(single('-e, --evidence <file>', 'evidence manifest (YAML)').makeOptionMandatory())
    .addOption(asOfOption())
    .addOption(formatOption(['md', 'json'], 'output format'))
    .addOption(single('-o, --output <file>', 'write the explanation to this file instead of stdout'))
    .addOption(single('--payment', 'the id names a payment: show its calculation step by step'))
    .addOption(single('--pool-basis <file>', 'every provider\'s measure for a pool payment (pool-basis/1 YAML)'))
    .action(async (ruleId: string, options: Parameters<typeof explainCommand>[1]) => {
      code = await (await import('./commands/explain.js')).explainCommand(ruleId, options, io);
    });

  program
    .command('init')
    .description('write an evidence template (every fact, attestation and dataset the rules need) and an evidence checklist')
    .addOption(single('-s, --spec <file>', 'specification (markdown)').makeOptionMandatory())
    .addOption(once(new Option('-f, --format <format>', 'yaml: the evidence manifest template; xlsx: an evidence workbook to fill in and read back with carespec import').choices(['yaml', 'xlsx'])))
    .addOption(single('-o, --output <file>', 'evidence template to write ("-" for stdout; default evidence.yaml, or evidence.xlsx with --format xlsx)'))
    .addOption(single('--checklist <file>', 'also write the evidence checklist as markdown ("-" for stdout)'))
    .option('--force', 'replace existing files')
    .action(async (options: Parameters<typeof initCommand>[0]) => {
      code = await (await import('./commands/init.js')).initCommand(options, io);
    });

  program
    .command('import')
    .description('read a filled evidence workbook (carespec init --format xlsx) into an evidence manifest; datasets stay in the workbook')
    .argument('<workbook>', 'evidence workbook (.xlsx)')
    .addOption(single('-o, --output <file>', 'evidence manifest to write').makeOptionMandatory())
    .option('--force', 'replace an existing manifest')
    .action(async (workbook: string, options: Parameters<typeof importCommand>[1]) => {
      code = await (await import('./commands/import.js')).importCommand(workbook, options, io);
    });

  program
    .command('render')
    .description('the specification as a readable document for a tender pack, each rule stated in plain words from its logic')
    .argument('<spec>', 'specification (markdown)')
    .addOption(single('-o, --output <file>', 'write the document to this file instead of stdout'))
    .action(async (spec: string, options: Parameters<typeof renderCommand>[1]) => {
      code = await (await import('./commands/render.js')).renderCommand(spec, options, io);
    });

  program
    .command('portfolio')
    .description("check every provider's evidence against one specification: RAG, league table, benchmarks, payments, accreditation and concentration")
    .argument('[spec]', 'specification (markdown); optional with a --manifest that names it')
    .argument('[evidence...]', 'evidence manifests (YAML), one per provider')
    .addOption(single('-m, --manifest <file>', 'portfolio manifest (portfolio/1 YAML) listing the providers\' evidence'))
    .addOption(formatOption(PORTFOLIO_FORMAT_NAMES, 'report format'))
    .addOption(single('-o, --output <file>', 'write the report to this file instead of stdout'))
    .addOption(single('-j, --jobs <n>', 'worker threads checking providers at once (default: one per core, if there is at least 64 MiB of data for each; 1: in this thread)'))
    .addOption(single('--results-dir <dir>', 'write each provider\'s whole result there (as check --format json), one file each'))
    .addOption(single('--pool-basis <file>', 'every provider\'s measure for a pool payment (pool-basis/1 YAML, see docs/formats.md)'))
    .addOption(asOfOption())
    .action(async (spec: string | undefined, evidence: string[], options: Parameters<typeof portfolioCommand>[2]) => {
      code = await (await import('./commands/portfolio.js')).portfolioCommand(spec, evidence, options, io);
    });

  program
    .command('diff')
    .description('compare two results (or two portfolios): verdict and stage, rules newly failing, fixed, added, removed, KPI changes, method changes')
    .argument('<base>', 'the earlier result (JSON from check or portfolio --format json)')
    .argument('<head>', 'the later result')
    .addOption(formatOption(DIFF_FORMAT_NAMES, 'output format'))
    .addOption(single('-o, --output <file>', 'write the comparison to this file instead of stdout'))
    .addOption(single('--fail-on <what>', 'exit 1 on a regression: a rule newly failing, a worse verdict or fewer stages attained').choices(['regression']))
    .action(async (base: string, head: string, options: Parameters<typeof diffCommand>[2]) => {
      code = await (await import('./commands/diff.js')).diffCommand(base, head, options, io);
    });

  program
    .command('impact')
    .description('a dry run of a new specification version against existing evidence: what would newly fail or pass, and why')
    .addOption(single('-s, --spec <file>', 'the new specification (markdown)').makeOptionMandatory())
    .addOption(single('-b, --baseline <file>', 'the old specification (markdown) or old results (JSON from check or portfolio)').makeOptionMandatory())
    .argument('<evidence...>', 'evidence manifests (YAML), one per provider')
    .addOption(formatOption(IMPACT_FORMAT_NAMES, 'output format'))
    .addOption(single('-o, --output <file>', 'write the impact report to this file instead of stdout'))
    .addOption(asOfOption())
    .action(async (evidence: string[], options: Parameters<typeof impactCommand>[1]) => {
      code = await (await import('./commands/impact.js')).impactCommand(evidence, options, io);
    });

  forgetInputs(); // each command refuses to overwrite the inputs it read itself, not an earlier run's
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
