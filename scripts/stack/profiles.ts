// Where each kind of run puts its data and which ports it takes. `test` and `bench` never share
// ports or data with `start`, so a test run cannot touch a running development stack.
import os from 'node:os';
import path from 'node:path';
import { chmodSync, mkdtempSync } from 'node:fs';

export type ProfileName = 'dev' | 'test' | 'bench';

export interface Profile {
  name: ProfileName;
  dataDir: string;
  /** Throwaway data is removed when the stack stops. */
  throwaway: boolean;
  ports: { postgres: number; engine: number; api: number };
  /** Ports given by a variable: taken as they are. The others of a throwaway run move aside when busy. */
  explicitPorts: Array<keyof Profile['ports']>;
  /** The variable that sets each port, for messages. */
  portVariables: Record<keyof Profile['ports'], string>;
}

const defaults: Record<ProfileName, Profile['ports']> = {
  dev: { postgres: 54329, engine: 8089, api: 3000 },
  test: { postgres: 54339, engine: 8099, api: 3099 },
  bench: { postgres: 54349, engine: 8109, api: 3199 },
};

function port(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) throw new Error(`${name} must be a TCP port, got "${raw}"`);
  return value;
}

export function profile(name: ProfileName, root: string, env: NodeJS.ProcessEnv = process.env): Profile {
  const base = defaults[name];
  // Variables with the profile's prefix win, so `npm test` inside a shell configured for `npm start` stays apart.
  const prefix = name === 'dev' ? 'HROMADA_' : `HROMADA_${name.toUpperCase()}_`;
  const throwaway = name !== 'dev';
  const dataDir = name === 'dev'
    ? path.resolve(env.HROMADA_DATA_DIR ?? path.join(root, 'data'))
    : mkdtempSync(path.join(os.tmpdir(), `hromada-${name}-`));
  // mkdtemp makes the folder private to us; as root, PostgreSQL runs as its own user and must enter it.
  if (throwaway) chmodSync(dataDir, 0o711);
  const variables = { postgres: `${prefix}PG_PORT`, engine: `${prefix}ENGINE_PORT`, api: `${prefix}API_PORT` } as const;
  return {
    name,
    dataDir,
    throwaway,
    portVariables: { ...variables },
    explicitPorts: (Object.keys(variables) as Array<keyof typeof variables>).filter((k) => Boolean(env[variables[k]])),
    ports: {
      postgres: port(env, variables.postgres, base.postgres),
      engine: port(env, variables.engine, base.engine),
      api: port(env, variables.api, base.api),
    },
  };
}
