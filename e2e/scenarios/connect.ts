/**
 * Spark Connect from the host: the newest thin pyspark-client not newer than
 * the cluster's Spark, in a venv on the host, reads what the cluster job wrote, writes and
 * reads a dataset of its own; no token and a wrong token are refused; the
 * server keeps serving after a worker is killed.
 */
import * as path from "path";
import { output } from "../lib/deploy";
import { Figures } from "../lib/figures";
import { venv } from "../lib/python";
import { attempt, capture, fail, log, step } from "../lib/shell";
import { aliveHosts, restartCount } from "../lib/spark";
import { since, waitFor } from "../lib/wait";
import { Cluster } from "./cluster";

/** The e2e's Connect client script (e2e/connect_client.py). */
export const CONNECT_CLIENT = path.join(__dirname, "..", "connect_client.py");

/** A host venv with the newest thin client not newer than the cluster's Spark (PyPI has no pyspark-client for every release: none for 4.3 yet). */
export function connectClient(masterContainer: string): { python: string; sparkVersion: string } {
  const sparkVersion = capture("docker", [
    "exec",
    masterContainer,
    "sh",
    "-c",
    "ls /opt/spark/jars | sed -n 's/^spark-core_[0-9.]*-\\(.*\\)\\.jar$/\\1/p'",
  ]);
  return { python: venv([`pyspark-client>=4.0,<=${sparkVersion}`]), sparkVersion };
}

export async function connectScenario(figures: Figures, cluster: Cluster): Promise<void> {
  const url = output("cluster-stack", "spark_connect_url");
  let start = Date.now();
  const { python, sparkVersion } = connectClient(cluster.masterContainer);
  const clientVersion = capture(python, ["-c", "import pyspark; print(pyspark.__version__)"]);
  figures.add(`host venv with pyspark-client ${clientVersion} for Spark ${sparkVersion} (cached after the first run)`, since(start), "s");
  const connectContainer = cluster.masterContainer.replace(/-master$/, "-connect");
  figures.add(
    "Connect server container memory in use (idle, client mode)",
    capture("docker", ["stats", "--no-stream", "--format", "{{.MemUsage}}", connectContainer]).split(" / ")[0],
  );

  start = Date.now();
  const roundtrip = step("connect-roundtrip", python, [CONNECT_CLIENT, url, "roundtrip", cluster.bucket]);
  if (!roundtrip.includes("CONNECT_READ 100000") || !roundtrip.includes("CONNECT_WROTE 30000"))
    fail(`the Connect client did not read 100000 and write 30000 rows: ${roundtrip}`);
  figures.add("host client: read the job's 100k rows, wrote and read 30k rows, through Connect", since(start), "s");
  figures.checked(
    `pyspark-client ${clientVersion} on the host, Spark ${sparkVersion} server, through ${url.replace(/token=.*/, "token=…")}: read the cluster job's 100000 rows from s3a and wrote and read back 30000 of its own`,
  );

  const withoutToken = attempt("connect-no-token", python, [CONNECT_CLIENT, url.replace(/;token=[^;]*/, ""), "ping"]);
  if (withoutToken.status === 0 || !/UNAUTHENTICATED|Unauthenticated|authenticat/i.test(withoutToken.output))
    fail(`a client without the token was not refused: ${withoutToken.output.slice(-500)}`);
  const wrongToken = attempt("connect-wrong-token", python, [CONNECT_CLIENT, url.replace(/token=[^;]*/, "token=not-the-token"), "ping"]);
  if (wrongToken.status === 0 || !/UNAUTHENTICATED|Unauthenticated|authenticat/i.test(wrongToken.output))
    fail(`a client with a wrong token was not refused: ${wrongToken.output.slice(-500)}`);
  figures.checked("a client without the token and one with a wrong token were refused (UNAUTHENTICATED)");

  const worker = `${cluster.workerPrefix}-1`;
  const restarts = restartCount(worker);
  log(`killing ${worker}'s JVMs`);
  attempt("connect-kill-worker", "docker", ["exec", worker, "sh", "-c", "kill -9 -1"]);
  await waitFor("Docker restarts the killed worker", 60, () => restartCount(worker) > restarts);
  await waitFor("the killed worker registers again", 180, async () => (await aliveHosts(cluster.masterUi)) === 2);
  const after = step("connect-after-worker-kill", python, [CONNECT_CLIENT, url, "ping"]);
  if (!after.includes("CONNECT_PING 10")) fail(`the Connect server stopped serving after a worker was killed: ${after}`);
  figures.checked(`the Connect server kept serving after ${worker} was killed`);
}
