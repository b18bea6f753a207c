// Keeps one child of the launcher (the API, the workers) running: when it ends without being asked,
// the launcher says so (which child, exit code or signal, restart count) and starts it again after a
// backoff (backoff.ts). Never a child it is stopping itself, nothing once the stack is stopping, and
// nothing while the child is still starting: a child that cannot get through its start-up is a
// start-up failure, reported by whoever waits for it.
import { describeExit, type Child, type ChildExit } from './children.ts';
import { RestartBackoff, RESTART_BACKOFF, type BackoffPolicy } from './backoff.ts';

export type SupervisedState = 'running' | 'restarting' | 'stopped';

export interface SupervisedEvent {
  name: string;
  state: SupervisedState;
  pid: number | undefined;
  restarts: number;
  /** How the last incarnation ended, when one did. */
  lastExit: string | undefined;
  /** This event is an exit (as opposed to a start or a stop). */
  exited: boolean;
}

export interface SupervisorOptions {
  /** Short name, as in records and /health: "api", "workers". */
  name: string;
  /** As the launcher's output names it: "the API (api/main.ts)". */
  label: string;
  spawn: () => Child;
  say: (line: string) => void;
  backoff?: BackoffPolicy;
  /** False once the stack is stopping. */
  mayRestart: () => boolean;
  onEvent?: (event: SupervisedEvent) => void;
}

export interface Supervised {
  readonly name: string;
  pid(): number | undefined;
  restarts(): number;
  /** How the current incarnation ended, if it did (what a start-up wait aborts on). */
  exited(): string | undefined;
  /** From now on an exit nobody asked for is restarted: call it once the start-up succeeded. */
  arm(): void;
  /** Stops the child for good (no restart), cancelling a restart that is pending. */
  stop(graceMs?: number): Promise<void>;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10000 ? 1 : 0)} s`;

export function supervise(options: SupervisorOptions): Supervised {
  const { name, label, say } = options;
  const backoff = new RestartBackoff(options.backoff ?? RESTART_BACKOFF);
  let child: Child | undefined;
  let startedAt = 0;
  let armed = false;
  let stopping = false;
  let restarts = 0;
  let lastExit: string | undefined;
  let timer: NodeJS.Timeout | undefined;

  const emit = (state: SupervisedState, exited = false) =>
    options.onEvent?.({ name, state, pid: child?.pid, restarts, lastExit, exited });

  let ended: ChildExit | undefined;

  function launch(): void {
    const c = options.spawn();
    child = c;
    ended = undefined;
    startedAt = Date.now();
    void c.done.then((exit) => {
      if (c !== child) return;
      ended = exit;
      // Only after its start-up (arm() catches up on an exit just before), never one stopped on purpose.
      if (armed && !stopping) restartAfter(c, exit);
    });
  }

  function restartAfter(c: Child, exit: ChildExit): void {
    lastExit = describeExit(exit);
    const uptime = Date.now() - startedAt;
    if (!options.mayRestart()) {
      say(`${label} ended (${lastExit}) while the stack is stopping: not restarted`);
      return;
    }
    const delay = backoff.next(uptime);
    restarts += 1;
    say(`${label} ended (${lastExit}) after ${seconds(uptime)}: restarting it in ${seconds(delay)} (restart ${restarts}; its log: ${c.logFile})`);
    emit('restarting', true);
    timer = setTimeout(() => {
      timer = undefined;
      if (stopping || !options.mayRestart()) return;
      try {
        launch();
      } catch (error) {
        // The log file could not be opened, say: try again later rather than take the launcher down.
        restartAfter(c, { code: null, signal: null, error: (error as Error).message });
        return;
      }
      say(`${label} restarted (pid ${child?.pid}, restart ${restarts})`);
      emit('running');
    }, delay);
  }

  launch();
  return {
    name,
    pid: () => child?.pid,
    restarts: () => restarts,
    exited: () => child?.exited(),
    arm() {
      armed = true;
      emit('running');
      if (ended && child && !stopping) restartAfter(child, ended);
    },
    async stop(graceMs) {
      stopping = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await child?.stop(graceMs);
      if (armed) emit('stopped');
    },
  };
}
