/**
 * The `coplane` command: parse → library → report. No modelling logic lives here.
 * Exit codes: 0 success, 2 bad input (one line on stderr), 1 runtime failure.
 */
import { Command, CommanderError } from 'commander';
import { InputError, isUserError } from '../core/index.js';
import { VERSION } from '../version.js';
import { COMMANDS } from './commands/index.js';
import { runDefault } from './commands/default.js';
import { processIo, type CliIo } from './context.js';

export function buildProgram(io: CliIo): Command {
  const program = new Command('coplane');
  program
    .description('Executable model of the DeepSeek-V3 model–hardware co-design')
    .version(VERSION, '-V, --version')
    .option('--json', 'with no command: print the default report as JSON')
    .option('--debug', 'show stack traces on errors')
    .showHelpAfterError(false)
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout(s),
      writeErr: (s) => io.stderr(s),
      outputError: () => undefined, // printed by main() as one line
    });
  for (const register of COMMANDS) register(program, io);
  program.argument('[command...]').action(async (words: string[], opts: { json?: boolean }) => {
    const command = words[0];
    if (command !== undefined) {
      const names = program.commands.map((c) => c.name()).join(', ');
      throw new InputError('command', command, `one of ${names} (or no command for the default report)`);
    }
    await runDefault(io, opts);
  });
  for (const cmd of program.commands) cmd.exitOverride().configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s), outputError: () => undefined });
  return program;
}

export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const debug = argv.includes('--debug');
  try {
    await buildProgram(io).parseAsync(argv as string[], { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
      io.stderr(`coplane: ${err.message.replace(/^error: /, '').split('\n')[0]}\n`);
      return 2;
    }
    if (isUserError(err)) {
      io.stderr(`coplane: ${err.message}\n`);
      if (debug && err.stack) io.stderr(`${err.stack}\n`);
      return 2;
    }
    const e = err instanceof Error ? err : new Error(String(err));
    io.stderr(`coplane: internal error: ${e.message}\n`);
    if (debug && e.stack) io.stderr(`${e.stack}\n`);
    return 1;
  }
}
