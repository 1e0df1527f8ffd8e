/** What a command needs from the process: output streams and the common flags. Tests pass their own. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stderr is a terminal (progress bars only then). */
  stderrIsTty: boolean;
  /** Current working directory, for resolving file arguments. */
  cwd: string;
}

export interface CommonFlags {
  json?: boolean;
  debug?: boolean;
}

export function processIo(): CliIo {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    stderrIsTty: Boolean(process.stderr.isTTY) && !process.env.CI,
    cwd: process.cwd(),
  };
}
