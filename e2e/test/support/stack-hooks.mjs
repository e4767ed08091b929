// One stack for a whole test file: started in the file's `before` hook, stopped (with the drain) in its `after`
// hook. Starting the stack is the expensive part of every suite, so each file starts it once and its tests run
// in order against it.
import { after, before } from 'node:test';
import { startStack } from '../../stack/stack.mjs';
import { CouncilClient } from './council.mjs';

/** The suites' progress lines: indented and marked so that they stand apart from the test runner's output. */
export const log = (...a) => console.log('  #', ...a);

/**
 * Registers the `before` and `after` hooks that start and stop the whole council for the calling test file.
 *
 * Every option not named below is passed to `startStack` as it is (see e2e/stack/stack.mjs), e.g.
 * `tickPeriod` (the scheduler's period, '2s' by default there), `rateLimits` (the edge's rate-limit bindings),
 * `edgeVars` (extra edge variables), `functionEnv`, `ports`, `logDir`. `progress` defaults to {@link log}.
 *
 * @param {object} [options]
 * @param {(started: {stack: object, edge: CouncilClient}) => (void|Promise<void>)} [options.afterStart] runs
 *   inside `before` once the stack is up and before the "stack up" line, e.g. to register the suite's agents.
 * @param {() => (void|Promise<void>)} [options.beforeStop] runs first in `after`, also when the start failed
 *   (e.g. to write the figures the tests gathered).
 * @param {(stopped: {drained: object|null, lost: object|null}|undefined) => (void|Promise<void>)} [options.afterStop]
 *   runs last in `after` with what `stack.stop()` resolved to (undefined when the stack never started).
 * @param {number} [options.startTimeout=240000] the `before` hook's timeout (ms).
 * @param {number} [options.stopTimeout=60000] the `after` hook's timeout (ms); the stop drains the local
 *   Pub/Sub for up to 30 s.
 * @returns {{readonly stack: object, readonly edge: CouncilClient}} `stack` as `startStack` resolved it
 *   (edgeUrl, logDir, crashFunction, ...) and `edge`, a client of the council through the edge; both are set
 *   once the `before` hook ran, so read them inside tests and hooks, not at the file's top level.
 */
export function useStack(options = {}) {
  const { afterStart, beforeStop, afterStop, startTimeout = 240_000, stopTimeout = 60_000, ...startOptions } = options;
  let stack;
  let edge;

  before(
    async () => {
      stack = await startStack({ progress: (m) => log(m), ...startOptions });
      edge = new CouncilClient(stack.edgeUrl);
      if (afterStart) await afterStart({ stack, edge });
      log(`stack up: edge ${stack.edgeUrl}, logs ${stack.logDir}`);
    },
    { timeout: startTimeout },
  );

  after(
    async () => {
      if (beforeStop) await beforeStop();
      const stopped = stack ? await stack.stop() : undefined;
      if (afterStop) await afterStop(stopped);
    },
    { timeout: stopTimeout },
  );

  // Children die with this process in any case (OrphanGuard), but stop them cleanly on a crash of the runner.
  process.on('uncaughtException', async (e) => {
    console.error(e);
    if (stack) await stack.stop();
    process.exit(1);
  });

  return {
    get stack() {
      return stack;
    },
    get edge() {
      return edge;
    },
  };
}
