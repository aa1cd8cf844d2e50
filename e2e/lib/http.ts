import { sleep } from "./wait";

/**
 * fetch for idempotent requests, retried when the connection itself fails
 * (a kept-alive socket the server closed meanwhile: "fetch failed"). HTTP
 * answers, errors included, are returned as they are.
 */
export async function request(url: string, init: RequestInit = {}): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetch(url, init);
    } catch (error) {
      if (attempt >= 4) throw error;
      await sleep(500 * attempt);
    }
  }
}
