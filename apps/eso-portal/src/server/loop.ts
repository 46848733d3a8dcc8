import type { Logger } from "@cop-pilot/logger";

export interface BackgroundLoop {
  /** Runs a pass now, or right after the one that is running. */
  wake(): void;
  stop(): void;
}

/**
 * Runs `pass` every `intervalMs`. The next pass is scheduled only when the
 * previous one has finished, so two passes never overlap. An error is logged
 * and the loop goes on.
 */
export function startLoop(
  name: string,
  intervalMs: number,
  pass: () => Promise<unknown>,
  log: Logger,
  options: { initialDelayMs?: number } = {},
): BackgroundLoop {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let wakeRequested = false;

  const run = async () => {
    running = true;
    try {
      await pass();
    } catch (error) {
      log.error({ err: error, loop: name }, "background pass failed; retrying at the next interval");
    }
    running = false;
    if (!stopped) {
      timer = setTimeout(run, wakeRequested ? 0 : intervalMs);
      timer.unref();
      wakeRequested = false;
    }
  };

  timer = setTimeout(run, options.initialDelayMs ?? intervalMs);
  timer.unref();
  log.info({ loop: name, intervalMs }, "background loop started");
  return {
    wake() {
      if (stopped) return;
      if (running) {
        wakeRequested = true;
        return;
      }
      clearTimeout(timer);
      timer = setTimeout(run, 0);
      timer.unref();
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
