import { sleep } from "./wait";

/**
 * fetch for idempotent requests, retried when the connection itself fails
 * (a kept-alive socket the server closed meanwhile: "fetch failed"). HTTP
 * answers, errors included, are returned as they are. Each attempt, its body
 * included, is aborted after `timeoutMs`: a server that stops mid-answer
 * (Spark's UI once did, "Deflater has been closed") must not hang a poll.
 */
export async function request(url: string, init: RequestInit = {}, timeoutMs = 60_000): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetch(url, { signal: AbortSignal.timeout(timeoutMs), ...init });
    } catch (error) {
      if (attempt >= 4) throw error;
      await sleep(500 * attempt);
    }
  }
}
