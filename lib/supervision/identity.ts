// Who a process is, for runtime_processes and for the claims it takes (claimed_by), and whether a
// process on this host still runs.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';

export type ProcessRole = 'api' | 'workers' | 'launcher';

export interface ProcessIdentity {
  /** `<role>:<host>:<pid>:<random>`: unique even when a pid is reused or a host renamed. */
  id: string;
  role: ProcessRole;
  pid: number;
  host: string;
}

export function processIdentity(role: ProcessRole, pid = process.pid, host = os.hostname()): ProcessIdentity {
  return { id: `${role}:${host}:${pid}:${randomBytes(3).toString('hex')}`, role, pid, host };
}

/**
 * Whether a process with this pid runs on this machine. Only meaningful for a record of this host
 * (same host name: the host names of containers sharing one are assumed to share a pid namespace
 * too). A later process may have taken the pid: it then looks alive, and the heartbeat's age decides.
 */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists and belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A zombie has ended; only its parent has not collected it yet.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no procfs: the signal's answer stands
  }
}
