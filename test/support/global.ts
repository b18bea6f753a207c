// Mocha global fixture: the whole stack on the test profile's own ports and a throwaway data
// folder, exactly as `npm start` provisions it, before any test file runs.
import { startStack } from '../../scripts/stack/stack.ts';
import { setStack, currentStack } from './stack.ts';

export async function mochaGlobalSetup(): Promise<void> {
  // For a quick run of pure unit tests only: tests that need the stack fail with a clear message.
  if (process.env.HROMADA_TEST_NO_STACK === '1') return;
  // Every test citizen posts from 127.0.0.1: the per-address limit of the public appeal routes would
  // refuse the suite itself (the bucket's own behaviour has unit tests in test/lib/appeals).
  process.env.HROMADA_APPEALS_RATE_BURST ??= '10000';
  const stack = await startStack('test', (line) => console.log(`  [stack] ${line}`));
  setStack(stack);
  // Tests that need only the database find it here, whatever started it.
  process.env.HROMADA_TEST_APP_DB_URL = stack.database.appUrl;
  const stopOnSignal = () => { void stack.stop().finally(() => process.exit(130)); };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
}

export async function mochaGlobalTeardown(): Promise<void> {
  await currentStack()?.stop();
}
