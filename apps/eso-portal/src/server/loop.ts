import type { Logger } from "@cop-pilot/logger";

export interface BackgroundLoop {
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

  const run = async () => {
    try {
      await pass();
    } catch (error) {
      log.error({ err: error, loop: name }, "background pass failed; retrying at the next interval");
    }
    if (!stopped) {
      timer = setTimeout(run, intervalMs);
      timer.unref();
    }
  };

  timer = setTimeout(run, options.initialDelayMs ?? intervalMs);
  timer.unref();
  log.info({ loop: name, intervalMs }, "background loop started");
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
