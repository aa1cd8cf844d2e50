/**
 * Runs code in a fresh kernel through a JupyterLab server's own API (REST +
 * kernel websocket), as a notebook would, and returns what the cell printed.
 */
import { randomUUID } from "crypto";
import WebSocket from "ws";
import { request } from "./http";

const TIMEOUT_MS = 300_000;

/** A running kernel: cells run one after another in its namespace. */
export interface Kernel {
  /**
   * Runs a cell; returns what it printed, the text/plain of what it displayed, and for each display a line
   * `[display: <mimetypes>]`, as a notebook would show them.
   */
  execute(code: string, timeoutMs?: number): Promise<string>;
  /** Restarts the kernel (its Python and its Spark driver end, as on "Restart kernel"), keeping its id. */
  restart(): Promise<void>;
  /** Interrupts the running cell (as the notebook's stop button does). */
  interrupt(): Promise<void>;
  close(): Promise<void>;
}

export class Jupyter {
  readonly base: string;
  readonly token: string;

  /** From the URL JupyterLab's construct outputs: http://host:port/lab?token=… */
  constructor(url: string) {
    this.base = url.replace(/\/lab\?.*$/, "");
    this.token = url.replace(/^.*token=/, "");
  }

  private get headers() {
    return { Authorization: `token ${this.token}` };
  }

  /** HTTP status of a request, with the token or without. */
  async status(apiPath: string, withToken = true, init: RequestInit = {}): Promise<number> {
    const response = await request(`${this.base}${apiPath}`, { ...init, headers: withToken ? this.headers : {} });
    return response.status;
  }

  async json<T>(apiPath: string): Promise<T> {
    const response = await request(`${this.base}${apiPath}`, { headers: this.headers });
    if (!response.ok) throw new Error(`${apiPath}: HTTP ${response.status}`);
    return (await response.json()) as T;
  }

  async saveNotebook(name: string, source = "print(1)"): Promise<number> {
    const notebook = {
      type: "notebook",
      content: {
        cells: [{ cell_type: "code", source, metadata: {}, outputs: [], execution_count: null }],
        metadata: { kernelspec: { name: "python3", display_name: "Python 3 (ipykernel)", language: "python" } },
        nbformat: 4,
        nbformat_minor: 5,
      },
    };
    return this.status(`/api/contents/${name}`, true, { method: "PUT", body: JSON.stringify(notebook) });
  }

  async countNotebooks(): Promise<number> {
    const listing = await this.json<{ content: { type: string }[] }>("/api/contents");
    return listing.content.filter((c) => c.type === "notebook").length;
  }

  /**
   * Files under an s3a URI, listed by Hadoop from a notebook kernel;
   * `visible` leaves out the committer's `__magic` scratch area (pending
   * uploads that are no files yet). A missing path counts 0.
   */
  async countFiles(uri: string, visible = false): Promise<number> {
    const out = await this.run(
      [
        "from pyspark.sql import SparkSession",
        "spark = SparkSession.builder.getOrCreate()",
        "jvm, conf = spark.sparkContext._jvm, spark.sparkContext._jsc.hadoopConfiguration()",
        `root = jvm.org.apache.hadoop.fs.Path("${uri}")`,
        "fs, n = root.getFileSystem(conf), 0",
        "if fs.exists(root):",
        "    files = fs.listFiles(root, True)",
        "    while files.hasNext():",
        "        path = files.next().getPath().toString()",
        `        n += 0 if (${visible ? "True" : "False"} and "__magic" in path) else 1`,
        `print("FILES", n)`,
        "spark.stop()",
      ].join("\n"),
    );
    const n = Number(/FILES (\d+)/.exec(out)?.[1]);
    if (Number.isNaN(n)) throw new Error(`listing ${uri} printed ${out}`);
    return n;
  }

  /** Runs `code` in a new kernel, returns its output; throws if the cell raised or gave no answer within `timeoutMs`. */
  async run(code: string, timeoutMs = TIMEOUT_MS): Promise<string> {
    const kernel = await this.kernel();
    try {
      return await kernel.execute(code, timeoutMs);
    } finally {
      await kernel.close();
    }
  }

  /** A new kernel that stays open for several cells, as a notebook's does, until `close()`. */
  async kernel(): Promise<Kernel> {
    const started = await fetch(`${this.base}/api/kernels`, {
      method: "POST",
      headers: this.headers,
      body: JSON.stringify({ name: "python3" }),
    });
    if (!started.ok) throw new Error(`starting a kernel: HTTP ${started.status} ${await started.text()}`);
    const { id } = (await started.json()) as { id: string };
    const post = async (action: string) => {
      const response = await request(`${this.base}/api/kernels/${id}/${action}`, { method: "POST", headers: this.headers });
      if (!response.ok) throw new Error(`${action} of kernel ${id}: HTTP ${response.status}`);
    };
    return {
      execute: (code, timeoutMs = TIMEOUT_MS) => this.execute(id, code, timeoutMs),
      restart: () => post("restart"),
      interrupt: () => post("interrupt"),
      close: async () => {
        await request(`${this.base}/api/kernels/${id}`, { method: "DELETE", headers: this.headers });
      },
    };
  }

  private execute(kernelId: string, code: string, timeoutMs: number): Promise<string> {
    const ws = new WebSocket(`${this.base.replace(/^http/, "ws")}/api/kernels/${kernelId}/channels`, { headers: this.headers });
    const msgId = randomUUID();
    let output = "";
    let replied = false;
    let idle = false;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        ws.close();
        reject(new Error(`no answer within ${timeoutMs / 1000}s; output so far:\n${output}`));
      }, timeoutMs);
      const finish = (error?: Error) => {
        clearTimeout(timer);
        ws.close();
        if (error) reject(error);
        else resolve(output);
      };
      ws.on("error", finish);
      ws.on("open", () =>
        ws.send(
          JSON.stringify({
            header: {
              msg_id: msgId,
              msg_type: "execute_request",
              session: randomUUID(),
              username: "e2e",
              version: "5.3",
              date: new Date().toISOString(),
            },
            parent_header: {},
            metadata: {},
            channel: "shell",
            content: { code, silent: false, store_history: false, user_expressions: {}, allow_stdin: false, stop_on_error: true },
          }),
        ),
      );
      ws.on("message", (data) => {
        const msg = JSON.parse(data.toString());
        if (msg.parent_header?.msg_id !== msgId) return;
        const type = msg.header.msg_type;
        if (type === "stream") output += msg.content.text;
        if (type === "execute_result") output += `${msg.content.data["text/plain"]}\n`;
        if (type === "display_data")
          output += `${msg.content.data["text/plain"] ?? ""}\n[display: ${Object.keys(msg.content.data).sort().join(", ")}]\n`;
        if (type === "error")
          return finish(new Error(`${msg.content.ename}: ${msg.content.evalue}\n${output}\n${msg.content.traceback.join("\n")}`));
        if (type === "execute_reply") replied = true;
        if (type === "status" && msg.content.execution_state === "idle") idle = true;
        if (replied && idle) finish();
      });
    });
  }
}
