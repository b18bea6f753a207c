// Passwords generated at first start and kept in the data folder (never in git), so a second
// `npm start` finds the same database and engine credentials.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

export interface Secrets {
  postgresPassword: string;
  engineAdminPassword: string;
}

export function loadOrCreateSecrets(dataDir: string, env: NodeJS.ProcessEnv = process.env): Secrets {
  const file = path.join(dataDir, 'secrets.json');
  let stored: Partial<Secrets> = {};
  if (existsSync(file)) stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<Secrets>;
  const secrets: Secrets = {
    postgresPassword: stored.postgresPassword ?? randomBytes(18).toString('base64url'),
    engineAdminPassword: env.HROMADA_ENGINE_ADMIN_PASSWORD ?? stored.engineAdminPassword ?? randomBytes(18).toString('base64url'),
  };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2) + '\n', { mode: 0o600 });
  return secrets;
}
