// Runs one external tool (poppler, tesseract, netpbm) as a child process: never through a shell,
// arguments as an array, a hard timeout, and a cap on what it may print. A scan is untrusted input,
// so a tool that hangs or floods its output on a crafted file is killed instead of taking the worker.
import { spawn } from 'node:child_process';

export interface ToolRun {
  stdout: Buffer;
  stderr: string;
}

export interface ToolOptions {
  timeoutMs: number;
  /** Stdout beyond this many bytes kills the tool. */
  maxOutputBytes?: number;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Exit codes that still count as success (pdftoppm's 99 "other error" is never one). */
  okExitCodes?: readonly number[];
}

/** The tool could not do its job: missing, killed, timed out, or it exited with an error. */
export class ToolError extends Error {
  override name = 'ToolError';
  constructor(
    readonly tool: string,
    readonly kind: 'missing' | 'timeout' | 'output-limit' | 'exit',
    message: string,
    readonly exitCode: number | null = null,
    readonly stderr = '',
  ) {
    super(message);
  }
}

const STDERR_KEEP = 4000;
const DEFAULT_MAX_OUTPUT = 64 * 1024 * 1024;

// One thread per tool: the runner's maxParallel already decides how many scans run at once, and
// tesseract's OpenMP threads on top of that only fight over the same cores.
const TOOL_ENV: NodeJS.ProcessEnv = { OMP_THREAD_LIMIT: '1', LC_ALL: 'C.UTF-8' };

export function runTool(command: string, args: readonly string[], options: ToolOptions): Promise<ToolRun> {
  const maxOutput = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { PATH: process.env.PATH, ...TOOL_ENV, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: false,
    });
    const chunks: Buffer[] = [];
    let size = 0;
    let stderr = '';
    let failure: ToolError | undefined;
    const kill = (error: ToolError) => {
      failure ??= error;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => kill(new ToolError(command, 'timeout', `${command} did not finish in ${options.timeoutMs} ms`)), options.timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxOutput) {
        kill(new ToolError(command, 'output-limit', `${command} printed more than ${maxOutput} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      if (stderr.length < STDERR_KEEP) stderr += text.slice(0, STDERR_KEEP - stderr.length);
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(error.code === 'ENOENT'
        ? new ToolError(command, 'missing', `${command} is not installed (see scripts/debian-packages.txt)`)
        : error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (failure) return reject(failure);
      if (code === 0 || (code !== null && options.okExitCodes?.includes(code))) {
        return resolve({ stdout: Buffer.concat(chunks), stderr });
      }
      reject(new ToolError(command, 'exit', `${command} failed (${signal ?? `exit ${code}`}): ${firstLine(stderr)}`, code, stderr));
    });
  });
}

/**
 * A chain `a | b | c` without a shell: each tool's stdout feeds the next one's stdin; the first
 * names its input file among its arguments. Returns the last stage's stdout; one timeout for all.
 */
export function runPipeline(stages: ReadonlyArray<readonly [string, readonly string[]]>, options: ToolOptions): Promise<ToolRun> {
  const maxOutput = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT;
  return new Promise((resolve, reject) => {
    const env = { PATH: process.env.PATH, ...TOOL_ENV, ...options.env };
    const children = stages.map(([command, args], i) => spawn(command, args, {
      cwd: options.cwd, env, shell: false,
      stdio: [i === 0 ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    }));
    let failure: Error | undefined;
    const killAll = (error: Error) => {
      failure ??= error;
      for (const c of children) c.kill('SIGKILL');
    };
    const timer = setTimeout(() => killAll(new ToolError(stages.map((s) => s[0]).join('|'), 'timeout', `pipeline did not finish in ${options.timeoutMs} ms`)), options.timeoutMs);
    const stderrs = children.map(() => '');
    children.forEach((child, i) => {
      const name = stages[i]![0];
      child.on('error', (error: NodeJS.ErrnoException) => killAll(error.code === 'ENOENT'
        ? new ToolError(name, 'missing', `${name} is not installed (see scripts/debian-packages.txt)`)
        : error));
      child.stderr!.setEncoding('utf8');
      child.stderr!.on('data', (text: string) => {
        if (stderrs[i]!.length < STDERR_KEEP) stderrs[i] += text.slice(0, STDERR_KEEP);
      });
      const next = children[i + 1];
      if (next) {
        child.stdout!.pipe(next.stdin!);
        // A stage that dies early closes the pipe; the error surfaces through its exit code.
        next.stdin!.on('error', () => undefined);
      }
    });
    const chunks: Buffer[] = [];
    let size = 0;
    const last = children[children.length - 1]!;
    last.stdout!.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxOutput) killAll(new ToolError(stages[stages.length - 1]![0], 'output-limit', `pipeline printed more than ${maxOutput} bytes`));
      else chunks.push(chunk);
    });
    let open = children.length;
    const codes: Array<number | null> = children.map(() => null);
    children.forEach((child, i) => child.on('close', (code, signal) => {
      codes[i] = code ?? (signal ? -1 : null);
      open -= 1;
      if (open > 0) return;
      clearTimeout(timer);
      if (failure) return reject(failure);
      const bad = codes.findIndex((c) => c !== 0);
      if (bad >= 0) {
        const name = stages[bad]![0];
        return reject(new ToolError(name, 'exit', `${name} failed (exit ${codes[bad]}): ${firstLine(stderrs[bad]!)}`, codes[bad] ?? null, stderrs[bad]));
      }
      resolve({ stdout: Buffer.concat(chunks), stderr: stderrs.join('') });
    }));
  });
}

function firstLine(text: string): string {
  return text.split('\n').map((l) => l.trim()).find((l) => l !== '')?.slice(0, 300) ?? 'no message';
}
