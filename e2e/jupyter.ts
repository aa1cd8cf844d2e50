/**
 * Runs code in a fresh kernel through a JupyterLab server's own API (REST +
 * kernel websocket), as a notebook would, and prints what the cell printed.
 * Usage: tsx e2e/jupyter.ts <base-url> <token> <python-file>
 * Exits non-zero if the cell raised or nothing answered within the timeout.
 */
import { randomUUID } from "crypto";
import { readFileSync } from "fs";
import WebSocket from "ws";

const [baseUrl, token, file] = process.argv.slice(2);
const TIMEOUT_MS = 300_000;
const headers = { Authorization: `token ${token}` };

async function main(): Promise<void> {
  const started = await fetch(`${baseUrl}/api/kernels`, { method: "POST", headers, body: JSON.stringify({ name: "python3" }) });
  if (!started.ok) throw new Error(`starting a kernel: HTTP ${started.status} ${await started.text()}`);
  const kernel = (await started.json()) as { id: string };
  try {
    process.stdout.write(await execute(kernel.id, readFileSync(file, "utf8")));
  } finally {
    await fetch(`${baseUrl}/api/kernels/${kernel.id}`, { method: "DELETE", headers });
  }
}

function execute(kernelId: string, code: string): Promise<string> {
  const ws = new WebSocket(`${baseUrl.replace(/^http/, "ws")}/api/kernels/${kernelId}/channels`, { headers });
  const msgId = randomUUID();
  let output = "";
  let replied = false;
  let idle = false;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { ws.close(); reject(new Error(`no answer within ${TIMEOUT_MS / 1000}s; output so far:\n${output}`)); }, TIMEOUT_MS);
    const finish = (error?: Error) => { clearTimeout(timer); ws.close(); if (error) reject(error); else resolve(output); };
    ws.on("error", finish);
    ws.on("open", () => ws.send(JSON.stringify({
      header: { msg_id: msgId, msg_type: "execute_request", session: randomUUID(), username: "e2e", version: "5.3", date: new Date().toISOString() },
      parent_header: {},
      metadata: {},
      channel: "shell",
      content: { code, silent: false, store_history: false, user_expressions: {}, allow_stdin: false, stop_on_error: true },
    })));
    ws.on("message", (data) => {
      const msg = JSON.parse(data.toString());
      if (msg.parent_header?.msg_id !== msgId) return;
      const type = msg.header.msg_type;
      if (type === "stream") output += msg.content.text;
      if (type === "execute_result") output += `${msg.content.data["text/plain"]}\n`;
      if (type === "error") return finish(new Error(`${msg.content.ename}: ${msg.content.evalue}\n${output}\n${msg.content.traceback.join("\n")}`));
      if (type === "execute_reply") replied = true;
      if (type === "status" && msg.content.execution_state === "idle") idle = true;
      if (replied && idle) finish();
    });
  });
}

main().catch((error) => {
  console.error(String(error?.stack ?? error));
  process.exit(1);
});
