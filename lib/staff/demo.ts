// Demo staff for the embedded default database: one account per role, password `demo`.
// Never seeded into a configured server: the launcher calls this only for the embedded one.
import type { Db } from '../db.ts';
import { createStaffUser, type NewStaffUser } from './repository.ts';

export const DEMO_PASSWORD = 'demo';

export const demoStaff: ReadonlyArray<Omit<NewStaffUser, 'password'>> = [
  { username: 'clerk', fullName: 'Олена Петренко', departmentCode: '01', roles: ['clerk'] },
  { username: 'head', fullName: 'Андрій Коваленко', departmentCode: '02', roles: ['head'] },
  { username: 'executor', fullName: 'Ірина Шевчук', departmentCode: '03', roles: ['executor'] },
  { username: 'analyst', fullName: 'Тарас Бондаренко', departmentCode: '04', roles: ['analyst'] },
  { username: 'admin', fullName: 'Марія Ткаченко', departmentCode: '05', roles: ['admin'] },
  // Public information (Law 2939-VI): the unit's officer and the lawyer who reviews the masking.
  { username: 'info', fullName: 'Наталія Мельник', departmentCode: '01', roles: ['info-officer'] },
  { username: 'lawyer', fullName: 'Богдан Савчук', departmentCode: '02', roles: ['lawyer'] },
];

/** Idempotent: existing accounts are left as they are. Returns the usernames created now. */
export async function seedDemoStaff(db: Db): Promise<string[]> {
  const created: string[] = [];
  await db.transaction(async (tx) => {
    for (const user of demoStaff) {
      const id = await createStaffUser(tx, { ...user, password: DEMO_PASSWORD });
      if (id !== undefined) created.push(user.username);
    }
  });
  return created;
}
