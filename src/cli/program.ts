/**
 * The command-line program: commander wiring only. Each command returns its
 * exit code; usage errors are exit 2; nothing here calls process.exit.
 */
import { Command, CommanderError } from 'commander';
import { ENGINE_VERSION } from '../version.js';
import { checkCommand } from './commands/check.js';
import { validateCommand } from './commands/validate.js';
import { EXIT, type ExitCode, type Io } from './io.js';
import { OutputError } from './output.js';

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
    .requiredOption('-e, --evidence <file>', 'evidence manifest (YAML)')
    .option('-f, --format <format>', 'report format: md or json', 'md')
    .option('-o, --output <file>', 'write the report to this file (whole or not at all) instead of stdout')
    .option('--as-of <date>', 'reference date for waivers and parameters (default: end of the assessment period)')
    .option('--timestamp', 'print the time of the run in the report (reports are otherwise reproducible)')
    .action(async (spec: string, options: Parameters<typeof checkCommand>[1]) => {
      code = await checkCommand(spec, options, io);
    });

  program
    .command('validate')
    .description('validate rule libraries, specifications and evidence manifests against their schemas')
    .argument('<files...>', 'files to validate')
    .action((files: string[]) => {
      code = validateCommand(files, io);
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
