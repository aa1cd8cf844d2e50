/**
 * What the running cluster must survive: a worker JVM crash during a job, a
 * master restart, scaling by redeploy, and a driver without the RPC secret.
 * Ends by destroying cluster-stack.
 */
import { deploy, destroy, planIsClean } from "../lib/deploy";
import { Figures } from "../lib/figures";
import { attempt, background, capture, fail, log } from "../lib/shell";
import { aliveHosts, containerId, parseJob, restartCount, submit, workerId } from "../lib/spark";
import { since, waitFor } from "../lib/wait";
import { Cluster } from "./cluster";

export async function faultsScenario(figures: Figures, cluster: Cluster): Promise<void> {
  let tried = 0;
  let survived = 0;
  const fault = (what: string) => log(`fault ${++tried}: ${what}`);
  const ok = (what: string) => { survived++; figures.checked(what); };
  const w1 = `${cluster.workerPrefix}-1`;

  // A crash: docker kill would be a manual stop, which restart policies respect.
  fault("worker JVM killed while a job is submitted");
  const oldId = await workerId(cluster.masterUi, w1);
  const restarts = restartCount(w1);
  attempt("kill-worker", "docker", ["exec", w1, "sh", "-c", "kill -9 -1"]);
  const job = background("submit-during-fault", "docker", ["exec", cluster.jupyterContainer, "spark-submit", "--master", cluster.masterUrl,
    "--total-executor-cores", "2", "--executor-memory", "512m", "/tmp/job.py", `s3a://${cluster.bucket}/e2e/during-fault`, "50000"]);
  await waitFor("Docker restarts the crashed worker", 60, () => restartCount(w1) > restarts);
  await waitFor("the restarted worker registers again", 180, async () => {
    const id = await workerId(cluster.masterUi, w1);
    return id !== undefined && id !== oldId;
  });
  const during = await job;
  if (during.status !== 0 || parseJob("submit-during-fault", during.output).rows !== 50000) {
    fail("the job submitted during the worker crash did not count 50000 rows");
  }
  ok("a worker JVM killed during a job: Docker restarted it, it registered again, the job counted all 50000 rows");

  fault("master restarted");
  capture("docker", ["restart", cluster.masterContainer]);
  await waitFor("both workers register again with the restarted master", 180, async () => (await aliveHosts(cluster.masterUi)) === 2);
  const after = submit("submit-after-master-restart", cluster.jupyterContainer, cluster.masterUrl, `s3a://${cluster.bucket}/e2e/after-master-restart`, 20000);
  if (after.rows !== 20000) fail("job after the master restart did not count 20000 rows");
  ok("master restarted: both workers registered again and a new job counted 20000 rows");

  fault("scale workers 2 -> 4 by redeploying");
  const kept = () => [cluster.masterContainer, cluster.jupyterContainer, w1].map(containerId).join(" ");
  const before = kept();
  const start = Date.now();
  deploy("cluster-stack", "scale-to-4", { CDKTF_SPARK_WORKERS: "4" });
  planIsClean("cluster-stack", "scale-to-4");
  await waitFor("4 workers ALIVE after scaling", 120, async () => (await aliveHosts(cluster.masterUi)) === 4);
  figures.add("scale 2 → 4 workers: redeploy → 4 ALIVE", since(start), "s");
  if (kept() !== before) fail("scaling replaced the master, JupyterLab or worker 1");
  ok("scaled 2 -> 4 workers: 4 ALIVE, and master, JupyterLab and worker 1 kept their container ids");

  fault("a Spark setting changed by redeploying (2 cores per application)");
  const lab = containerId(cluster.jupyterContainer);
  deploy("cluster-stack", "setting-change", { CDKTF_SPARK_WORKERS: "4", CDKTF_SPARK_MAX_CORES_PER_APP: "2" });
  planIsClean("cluster-stack", "setting-change");
  if (containerId(cluster.jupyterContainer) !== lab) fail("changing a Spark setting replaced JupyterLab");
  const cores = await cluster.jupyter.run([
    "from pyspark.sql import SparkSession",
    "spark = SparkSession.builder.getOrCreate()",
    `print("CORES_MAX", spark.conf.get("spark.cores.max"))`,
    "spark.stop()",
  ].join("\n"));
  if (!cores.includes("CORES_MAX 2")) fail(`a new notebook session does not see the new setting: ${cores}`);
  ok("a Spark setting changed by redeploy: JupyterLab kept its container, a new notebook session got spark.cores.max=2");

  fault("a driver with the wrong RPC secret");
  const image = capture("docker", ["inspect", "-f", "{{.Config.Image}}", cluster.masterContainer]);
  const network = capture("docker", ["inspect", "-f", "{{range $k, $v := .NetworkSettings.Networks}}{{$k}}{{end}}", cluster.masterContainer]);
  const intruder = attempt("intruder", "docker", ["run", "--rm", "--network", network, "-v", `${__dirname}/..:/e2e:ro`, image,
    "timeout", "150", "spark-submit", "--master", cluster.masterUrl, "--conf", "spark.authenticate=true",
    "--conf", "spark.authenticate.secret=not-the-secret", "/e2e/job.py", `s3a://${cluster.bucket}/e2e/intruder`, "10"]);
  if (intruder.status === 0) fail("the master accepted a driver with the wrong RPC secret");
  if (!intruder.output.includes("All masters are unresponsive")) fail("the wrong-secret driver failed, but not for authentication");
  ok("a driver with the wrong RPC secret was refused");

  const destroyStart = Date.now();
  destroy("cluster-stack", "destroy-cluster");
  figures.add("cluster-stack destroy", since(destroyStart), "s");
  figures.add("faults tried / survived", `${tried} / ${survived}`);
}
