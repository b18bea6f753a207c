#!/usr/bin/env node
// Entry of `npm start`, `npm test`, `npm run bench|migrate|deploy`. Plain JavaScript on purpose:
// it must run on a fresh clone before any dependency is installed. It checks the prerequisites,
// installs what is missing, then hands over to the TypeScript launcher.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const mode = process.argv[2] ?? 'start';

function fail(line) {
  console.error(`hromada: ${line}`);
  process.exit(1);
}

function has(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return r.status === 0 ? `${r.stdout}${r.stderr}` : null;
}

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) fail(`Node.js 20.19 or newer is needed (found ${process.version}): install it from nodejs.org or your package manager.`);

const needsEngine = mode !== 'migrate';
if (needsEngine) {
  const java = has('java', ['-version']);
  if (!java) fail('Java 17 or newer is needed for the Camunda engine: apt-get install openjdk-17-jdk-headless (or set PATH to a JDK).');
  const javaMajor = Number((/version "(\d+)/.exec(java) ?? [])[1]);
  if (javaMajor < 17) fail(`Java 17 or newer is needed (found ${javaMajor}): apt-get install openjdk-17-jdk-headless.`);
  if (!has('mvn', ['-v'])) fail('Maven is needed to build the engine: apt-get install maven.');
}

// Debian packages the project relies on (one per line, # for comments). As root we install them;
// otherwise we print the exact command.
const listFile = path.join(root, 'scripts', 'debian-packages.txt');
if (existsSync(listFile) && process.platform === 'linux' && has('dpkg-query', ['--version'])) {
  const wanted = readFileSync(listFile, 'utf8').split('\n').map((l) => l.replace(/#.*/, '').trim()).filter(Boolean);
  const missing = wanted.filter((p) => {
    const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', p], { encoding: 'utf8' });
    return !(r.stdout ?? '').includes('install ok installed');
  });
  if (missing.length > 0) {
    const command = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
    if (process.getuid?.() === 0) {
      console.log(`hromada: installing Debian packages: ${missing.join(' ')}`);
      const r = spawnSync('sh', ['-c', command], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
      if (r.status !== 0) fail(`could not install Debian packages; run as root: ${command}`);
    } else {
      fail(`missing Debian packages; run as root: ${command}`);
    }
  }
}

// npm ci when node_modules is missing or older than the lock file.
const lock = path.join(root, 'package-lock.json');
const installed = path.join(root, 'node_modules', '.package-lock.json');
if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(lock).mtimeMs) {
  console.log('hromada: installing npm dependencies (npm ci)…');
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) fail('npm ci failed: see the output above.');
}

const entry = mode === 'test'
  ? [path.join(root, 'node_modules', 'mocha', 'bin', 'mocha.js'), ...(process.argv.length > 3 ? process.argv.slice(3) : ['test/**/*.test.ts'])]
  : ['--import', 'tsx', path.join(root, 'scripts', 'stack', 'cli.ts'), mode, ...process.argv.slice(3)];
const child = spawn(process.execPath, entry, { cwd: root, stdio: 'inherit' });
// The child handles Ctrl-C itself (it shares our terminal's process group); we only wait for it.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
