// Child processes of the launcher: output to a log file, stopped with SIGTERM and then SIGKILL.
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync, readFileSync } from 'node:fs';

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The process could not be started at all. */
  error?: string;
}

export interface Child {
  name: string;
  logFile: string;
  pid: number | undefined;
  exited(): string | undefined;
  /** Settles when the process has ended, with how. */
  done: Promise<ChildExit>;
  stop(graceMs?: number): Promise<void>;
}

/** "signal SIGKILL", "code 1", or why it could not start: how the launcher names an exit. */
export function describeExit(exit: ChildExit): string {
  if (exit.error) return `could not start: ${exit.error}`;
  return exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`;
}

export function startChild(name: string, command: string, args: string[], opts: { env: NodeJS.ProcessEnv; cwd: string; logFile: string; onSpawn?: (pid: number | undefined) => void }): Child {
  const fd = openSync(opts.logFile, 'a');
  const proc: ChildProcess = spawn(command, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', fd, fd], detached: true });
  opts.onSpawn?.(proc.pid);
  closeSync(fd);
  let exit: string | undefined;
  const done = new Promise<ChildExit>((resolve) => {
    proc.once('exit', (code, signal) => {
      exit = `exited (${signal ?? code}); last lines of ${opts.logFile}:\n${tail(opts.logFile, 25)}`;
      resolve({ code, signal });
    });
    proc.once('error', (err) => {
      exit = `could not start ${command}: ${err.message}`;
      resolve({ code: null, signal: null, error: err.message });
    });
  });
  return {
    name,
    logFile: opts.logFile,
    pid: proc.pid,
    done,
    exited: () => exit,
    async stop(graceMs = 20000) {
      if (exit !== undefined) return;
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
      await done;
      clearTimeout(timer);
    },
  };
}

export function tail(file: string, lines: number): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines - 1).join('\n');
  } catch {
    return '(no log)';
  }
}
