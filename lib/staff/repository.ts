// Staff accounts, their roles and the candidate groups those roles work in.
import type { Queryable } from '../db.ts';
import { NEW_PASSWORD, hashPassword } from './passwords.ts';

export interface StaffUser {
  id: number;
  username: string;
  fullName: string;
  roles: string[];
  /** Camunda candidate groups, from `roles.candidate_group` */
  groups: string[];
  department: { code: string; name: string } | null;
}

export interface StaffCredentials {
  id: number;
  passwordHash: string;
}

/** Full names of these staff members (deactivated ones too: they may have acted in a case). */
export async function staffFullNames(q: Queryable, ids: readonly number[]): Promise<string[]> {
  if (ids.length === 0) return [];
  return q('staff_users').whereIn('id', [...ids]).orderBy('id').pluck('full_name');
}

/** The codes of every department (a form's rule checks a department it is given against them). */
export async function listDepartmentCodes(q: Queryable): Promise<string[]> {
  return q('departments').pluck('code');
}

/** Active users only: a deactivated account cannot log in. */
export async function findCredentials(q: Queryable, username: string): Promise<StaffCredentials | undefined> {
  const row = await q('staff_users').where({ username, active: true }).first('id', 'password_hash');
  return row ? { id: row.id, passwordHash: row.password_hash } : undefined;
}

/**
 * A new hash for the same password (argon2id in place of an older scheme), only if the row still
 * holds the hash that was checked: a password changed meanwhile is not overwritten.
 */
export async function replacePasswordHash(q: Queryable, id: number, checked: string, next: string): Promise<boolean> {
  const changed = await q('staff_users').where({ id, password_hash: checked }).update({ password_hash: next });
  return changed === 1;
}

export async function findStaffUser(q: Queryable, id: number): Promise<StaffUser | undefined> {
  const { rows } = await q.raw(`
    SELECT u.id, u.username, u.full_name, d.code AS department_code, d.name_uk AS department_name,
           COALESCE(array_agg(r.code ORDER BY r.code) FILTER (WHERE r.code IS NOT NULL), '{}') AS roles,
           COALESCE(array_agg(r.candidate_group ORDER BY r.code) FILTER (WHERE r.code IS NOT NULL), '{}') AS groups
      FROM staff_users u
      LEFT JOIN departments d ON d.id = u.department_id
      LEFT JOIN staff_user_roles ur ON ur.user_id = u.id
      LEFT JOIN roles r ON r.code = ur.role_code
     WHERE u.id = ? AND u.active
     GROUP BY u.id, d.code, d.name_uk`, [id]);
  const row = rows[0];
  if (!row) return undefined;
  return {
    id: row.id,
    username: row.username,
    fullName: row.full_name,
    roles: row.roles,
    groups: row.groups,
    department: row.department_code ? { code: row.department_code, name: row.department_name } : null,
  };
}

export interface NewStaffUser {
  username: string;
  password: string;
  fullName: string;
  departmentCode?: string;
  roles: string[];
}

/** Creates the user with its roles; returns undefined when the username is taken (nothing changed). */
export async function createStaffUser(q: Queryable, user: NewStaffUser): Promise<number | undefined> {
  // The upper bound of new passwords before any hashing; the lower one is the caller's (the demo
  // accounts' `demo` is short on purpose, `npm run staff` asks for NEW_PASSWORD.minLength).
  if ([...user.password].length > NEW_PASSWORD.maxLength) throw new Error(`a password must have at most ${NEW_PASSWORD.maxLength} characters`);
  const passwordHash = await hashPassword(user.password);
  const department = user.departmentCode
    ? await q('departments').where({ code: user.departmentCode }).first('id')
    : undefined;
  if (user.departmentCode && !department) throw new Error(`unknown department ${user.departmentCode}`);
  const [row] = await q('staff_users')
    .insert({ username: user.username, password_hash: passwordHash, full_name: user.fullName, department_id: department?.id ?? null })
    .onConflict('username').ignore()
    .returning('id');
  if (!row) return undefined;
  if (user.roles.length > 0) {
    await q('staff_user_roles').insert(user.roles.map((role_code) => ({ user_id: row.id, role_code })));
  }
  return row.id as number;
}
