// Runs the rocky binary and collects its output (no `vscode` import).
import { execFile } from "child_process";

export interface ProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `bin args…` in `cwd`. Resolves with the exit code and both streams even when the exit code
 * is non-zero (rocky prints a complete JSON document before exiting 1); rejects only when the
 * binary cannot be started.
 */
export function runRocky(bin: string, args: string[], cwd: string): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    execFile(
      bin,
      args,
      { cwd, maxBuffer: 256 * 1024 * 1024, env: process.env },
      (error, stdout, stderr) => {
        if (error && typeof (error as NodeJS.ErrnoException).code === "string") {
          reject(new Error(`cannot start '${bin}': ${error.message}`));
          return;
        }
        const code = error ? Number((error as { code?: number }).code ?? 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}
