import type { CliIo } from './context.js';
import { main } from './main.js';

/** Run the CLI in-process and capture its streams (for tests). */
export async function runCli(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), stderrIsTty: false, cwd: process.cwd() };
  const code = await main(args, io);
  return { code, stdout, stderr };
}
