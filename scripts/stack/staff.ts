// `npm run staff -- add <username> <role> <department code> "<full name>"`: the first accounts on a
// configured server, where no demo staff exist. The password comes from HROMADA_STAFF_PASSWORD
// (never from the command line, which other users of the machine can read in the process list).
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { createDb } from '../../lib/db.ts';
import { createStaffUser } from '../../lib/staff/repository.ts';
import { NEW_PASSWORD, newPasswordProblem } from '../../lib/staff/passwords.ts';
import { profile } from './profiles.ts';
import { startDatabase } from './postgres.ts';
import { loadOrCreateSecrets } from './secrets.ts';
import { root } from './stack.ts';

export async function staff(args: string[]): Promise<void> {
  const [command, username, role, departmentCode, fullName] = args;
  if (command !== 'add' || !username || !role || !departmentCode || !fullName) {
    throw new Error('usage: npm run staff -- add <username> <clerk|head|executor|analyst|admin> <department code, e.g. 01> "<full name>" (password in HROMADA_STAFF_PASSWORD)');
  }
  const password = process.env.HROMADA_STAFF_PASSWORD;
  // Checked before anything is hashed; the hash is argon2id (lib/staff/passwords.ts).
  const problem = password ? newPasswordProblem(password) : 'is not set';
  if (!password || problem) {
    throw new Error(`HROMADA_STAFF_PASSWORD ${problem}: set it to the new password (${NEW_PASSWORD.minLength} to ${NEW_PASSWORD.maxLength} characters)`);
  }
  const p = profile('dev', root);
  const secrets = loadOrCreateSecrets(p.dataDir);
  mkdirSync(path.join(p.dataDir, 'logs'), { recursive: true });
  const database = await startDatabase({ dataDir: p.dataDir, port: p.ports.postgres, password: secrets.postgresPassword, logFile: path.join(p.dataDir, 'logs', 'postgres.log'), reuseRunning: true });
  const db = createDb(database.appUrl, 1);
  try {
    const roles = (await db('roles').pluck('code')) as string[];
    if (!roles.includes(role)) throw new Error(`unknown role "${role}": one of ${roles.join(', ')}`);
    const id = await db.transaction((tx) => createStaffUser(tx, { username, password, fullName, departmentCode, roles: [role] }));
    console.log(id === undefined ? `hromada: ${username} exists already: nothing changed` : `hromada: created ${username} (${role})`);
  } finally {
    await db.destroy();
    await database.stop();
  }
}
