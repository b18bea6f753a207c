// Mocha global fixture: the whole stack on the test profile's own ports and a throwaway data
// folder, exactly as `npm start` provisions it, before any test file runs.
import { startStack, type Stack } from '../../scripts/stack/stack.ts';
import { setStack, currentStack } from './stack.ts';

export async function mochaGlobalSetup(): Promise<void> {
  // For a quick run of pure unit tests only: tests that need the stack fail with a clear message.
  if (process.env.HROMADA_TEST_NO_STACK === '1') return;
  // Every test citizen posts from 127.0.0.1: the per-address limit of the public appeal routes would
  // refuse the suite itself (the bucket's own behaviour has unit tests in test/lib/appeals).
  process.env.HROMADA_APPEALS_RATE_BURST ??= '10000';
  // Likewise every sign-in (the fuzz's wrong ones too) comes from 127.0.0.1: the per-address rule of
  // failed sign-ins is out of the suite's way; test/api/auth.test.ts checks it from addresses of its own.
  process.env.HROMADA_SIGNIN_ADDRESS_FREE_FAILURES ??= '100000';
  process.env.HROMADA_SIGNIN_ADDRESS_LOCK_AFTER ??= '100000';
  // The handlers go in before the first child starts: a Ctrl-C during start-up must stop what has
  // started too (mocha's parent sends SIGINT and then SIGTERM, so both lead to the one stop).
  const controller = new AbortController();
  let starting: Promise<Stack> | undefined;
  let exiting = false;
  const onSignal = () => {
    if (exiting) return;
    exiting = true;
    controller.abort();
    void (async () => {
      const stack = currentStack() ?? await starting?.catch(() => undefined);
      await stack?.stop();
    })().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  starting = startStack('test', (line) => console.log(`  [stack] ${line}`), { signal: controller.signal });
  const stack = await starting;
  setStack(stack);
  // Tests that need only the database find it here, whatever started it.
  process.env.HROMADA_TEST_APP_DB_URL = stack.database.appUrl;
}

export async function mochaGlobalTeardown(): Promise<void> {
  await currentStack()?.stop();
}
