import { fail } from "./shell";

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` every second until it returns true; fails the run after `limitSeconds`. */
export async function waitFor(what: string, limitSeconds: number, check: () => boolean | Promise<boolean>): Promise<number> {
  const start = Date.now();
  for (;;) {
    try {
      if (await check()) return (Date.now() - start) / 1000;
    } catch {
      // not up yet
    }
    if (Date.now() - start > limitSeconds * 1000) fail(`${what}: not within ${limitSeconds}s`);
    await sleep(1000);
  }
}

/** Seconds since `start` (a Date.now() value), rounded. */
export const since = (start: number) => Math.round((Date.now() - start) / 1000);
