/**
 * What the running cluster must survive: a worker JVM crash during a job, a
 * master restart, scaling by redeploy, and a driver without the RPC secret.
 * Ends by destroying cluster-stack.
 */
import { deploy, destroy, output, planIsClean, workbench } from "../lib/deploy";
import { Figures } from "../lib/figures";
import { existsSync, readFileSync } from "fs";
import * as path from "path";
import { attempt, background, capture, fail, log, step } from "../lib/shell";
import { activeApps, aliveHosts, containerId, jobCommand, parseJob, restartCount, submit, workerId } from "../lib/spark";
import { since, sleep, waitFor } from "../lib/wait";
import { Cluster } from "./cluster";

/** Restarts the Docker engine this machine runs: the one scripts/docker-up.sh started, or the system's. */
function restartEngine(): void {
  const pidfile = "/var/run/docker-up.pid";
  if (existsSync(pidfile)) {
    const pid = readFileSync(pidfile, "utf8").trim();
    capture("kill", ["-TERM", pid]);
    step("engine-stopped", "sh", ["-c", `while kill -0 ${pid} 2>/dev/null; do sleep 0.5; done`]);
    step("engine-start", "bash", ["scripts/docker-up.sh"]);
  } else {
    step("engine-restart", "systemctl", ["restart", "docker"]);
  }
}

export async function faultsScenario(figures: Figures, cluster: Cluster): Promise<void> {
  let tried = 0;
  let survived = 0;
  const fault = (what: string) => log(`fault ${++tried}: ${what}`);
  const ok = (what: string) => {
    survived++;
    figures.checked(what);
  };
  const w1 = `${cluster.workerPrefix}-1`;
  // The jobs below run e2e/job.py in JupyterLab's container, whatever replaced it since.
  step("faults-job-copy", "docker", ["cp", path.join(__dirname, "..", "job.py"), `${cluster.jupyterContainer}:/tmp/job.py`]);

  // A crash: docker kill would be a manual stop, which restart policies respect.
  fault("worker JVM killed while a job is submitted");
  const oldId = await workerId(cluster.masterUi, w1);
  const restarts = restartCount(w1);
  attempt("kill-worker", "docker", ["exec", w1, "sh", "-c", "kill -9 -1"]);
  const job = background(
    "submit-during-fault",
    "docker",
    jobCommand("submit-during-fault", cluster.jupyterContainer, cluster.masterUrl, `s3a://${cluster.bucket}/e2e/during-fault`, 50000),
  );
  await waitFor("Docker restarts the crashed worker", 60, () => restartCount(w1) > restarts);
  await waitFor("the restarted worker registers again", 180, async () => {
    const id = await workerId(cluster.masterUi, w1);
    return id !== undefined && id !== oldId;
  });
  const during = await job;
  const duringJob = during.status === 0 ? parseJob("submit-during-fault", during.output) : undefined;
  if (duringJob?.rows !== 50000 || duringJob.committer !== "magic") {
    fail(
      `the job submitted during the worker crash did not read back exactly 50000 rows committed by the magic committer (${JSON.stringify(duringJob)})`,
    );
  }
  ok(
    "a worker JVM killed during a job: Docker restarted it, it registered again, the job read back exactly 50000 rows (none missing, none twice), committed by the magic committer",
  );

  fault("S3 server restarted while a job writes");
  const s3 = `${cluster.masterContainer.replace(/-master$/, "")}-data-s3`;
  const target = `s3a://${cluster.bucket}/e2e/during-s3-restart`;
  const writing = background(
    "submit-during-s3-restart",
    "docker",
    jobCommand("submit-during-s3-restart", cluster.jupyterContainer, cluster.masterUrl, target, 2000000),
  );
  await waitFor("the job runs on the cluster", 120, async () => (await activeApps(cluster.masterUi)).includes("cdktf-spark-e2e-job"));
  await sleep(8000);
  capture("docker", ["restart", s3]);
  await waitFor(
    "the S3 server is healthy again",
    120,
    () => capture("docker", ["inspect", "-f", "{{.State.Health.Status}}", s3]) === "healthy",
  );
  const afterRestart = await writing;
  if (afterRestart.status === 0) {
    const result = parseJob("submit-during-s3-restart", afterRestart.output);
    if (result.rows !== 2000000) fail(`the job survived the S3 restart but read back ${result.rows} rows`);
    ok("S3 server restarted during a 2M-row write: s3a retried and the job read back exactly 2000000 rows");
  } else {
    const error = /(\w+(Exception|Error)[^\n]*)/.exec(afterRestart.output)?.[1] ?? "";
    if (!error) fail("the job failed across the S3 restart without an error message");
    const visible = await cluster.jupyter.countFiles(target, true);
    if (visible !== 0) fail(`the job failed across the S3 restart and left ${visible} files visible under ${target}`);
    ok(
      `S3 server restarted during a 2M-row write: the job failed with "${error.slice(0, 120)}" and left no file visible under the target path`,
    );
  }

  fault("master restarted");
  capture("docker", ["restart", cluster.masterContainer]);
  await waitFor("both workers register again with the restarted master", 180, async () => (await aliveHosts(cluster.masterUi)) === 2);
  const after = submit(
    "submit-after-master-restart",
    cluster.jupyterContainer,
    cluster.masterUrl,
    `s3a://${cluster.bucket}/e2e/after-master-restart`,
    20000,
  );
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
  const settings = { CDKTF_SPARK_WORKERS: "4", CDKTF_SPARK_MAX_CORES_PER_APP: "2" };
  deploy("cluster-stack", "setting-change", settings);
  planIsClean("cluster-stack", "setting-change");
  if (containerId(cluster.jupyterContainer) !== lab) fail("changing a Spark setting replaced JupyterLab");
  const cores = await cluster.jupyter.run(
    [
      "from pyspark.sql import SparkSession",
      "spark = SparkSession.builder.getOrCreate()",
      `print("CORES_MAX", spark.conf.get("spark.cores.max"))`,
      "spark.stop()",
    ].join("\n"),
  );
  if (!cores.includes("CORES_MAX 2")) fail(`a new notebook session does not see the new setting: ${cores}`);
  ok("a Spark setting changed by redeploy: JupyterLab kept its container, a new notebook session got spark.cores.max=2");

  fault("the Docker engine restarted");
  for (const i of [1, 2]) {
    if (![200, 201].includes(await cluster.jupyter.saveNotebook(`e2e-engine-${i}.ipynb`))) fail(`could not save notebook ${i}`);
  }
  const notebooksBefore = await cluster.jupyter.countNotebooks();
  const objectsBefore = await cluster.jupyter.countFiles(`s3a://${cluster.bucket}/`);
  const engineStart = Date.now();
  restartEngine();
  const stack = capture("docker", ["ps", "-a", "--format", "{{.Names}}"])
    .split("\n")
    .filter((n) => n.startsWith("cluster-stack-") && !/-(conf|init|schema)$/.test(n));
  await waitFor("every container of the stack healthy again", 300, () =>
    stack.every((n) => capture("docker", ["inspect", "-f", "{{if .State.Health}}{{.State.Health.Status}}{{end}}", n]) === "healthy"),
  );
  await waitFor("4 workers registered again", 180, async () => (await aliveHosts(cluster.masterUi)) === 4);
  figures.add("Docker engine restart → every container healthy, 4 workers ALIVE", since(engineStart), "s");
  const notebooksAfter = await cluster.jupyter.countNotebooks();
  const objectsAfter = await cluster.jupyter.countFiles(`s3a://${cluster.bucket}/`);
  if (notebooksAfter !== notebooksBefore || objectsAfter !== objectsBefore) {
    fail(
      `across the engine restart notebooks went ${notebooksBefore} -> ${notebooksAfter}, bucket objects ${objectsBefore} -> ${objectsAfter}`,
    );
  }
  ok(
    `Docker engine restarted: all ${stack.length} containers healthy again, 4 workers re-registered, ${notebooksAfter} notebooks and ${objectsAfter} bucket objects all there`,
  );

  fault("the RPC secret rotated (npm run rotate -- cluster-stack rpc), then drivers with a wrong and with the old secret");
  const image = capture("docker", ["inspect", "-f", "{{.Config.Image}}", cluster.masterContainer]);
  const network = capture("docker", [
    "inspect",
    "-f",
    "{{range $k, $v := .NetworkSettings.Networks}}{{$k}}{{end}}",
    cluster.masterContainer,
  ]);
  // A driver the master refuses gives up after three 20 s registration attempts: both wait side by side.
  const intruder = (label: string, secret: string) =>
    background(label, "docker", [
      "run",
      "--rm",
      "--network",
      network,
      "-v",
      `${__dirname}/..:/e2e:ro`,
      image,
      "timeout",
      "150",
      "spark-submit",
      "--master",
      cluster.masterUrl,
      "--conf",
      "spark.authenticate=true",
      "--conf",
      `spark.authenticate.secret=${secret}`,
      "/e2e/job.py",
      `s3a://${cluster.bucket}/e2e/${label}`,
      "10",
    ]);
  const oldSecret = output("cluster-stack", "spark_rpc_secret");
  const notebooksBeforeRotation = await cluster.jupyter.countNotebooks();
  const rotateStart = Date.now();
  // The settings of the last deploy: rotate synthesizes the stack as it stands.
  workbench("rotate", "cluster-stack", "rotate-rpc", ["rpc"], settings);
  await waitFor("4 workers registered after the rotation", 180, async () => (await aliveHosts(cluster.masterUi)) === 4);
  figures.add("`npm run rotate -- cluster-stack rpc` → 4 workers ALIVE again", since(rotateStart), "s");
  planIsClean("cluster-stack", "rotate-rpc");
  if (output("cluster-stack", "spark_rpc_secret") === oldSecret) fail("npm run rotate left the RPC secret as it was");
  if (output("cluster-stack", "spark_jupyter_url") !== `${cluster.jupyter.base}/lab?token=${cluster.jupyter.token}`)
    fail("rotating the RPC secret changed the Jupyter token");
  const refused = [intruder("intruder", "not-the-secret"), intruder("stale-secret", oldSecret)];
  const rotated = submit(
    "submit-after-rotation",
    cluster.jupyterContainer,
    cluster.masterUrl,
    `s3a://${cluster.bucket}/e2e/after-rotation`,
    20000,
  );
  if (rotated.rows !== 20000) fail("a job after the RPC secret rotation did not count 20000 rows");
  for (const [which, run] of [
    ["a wrong", await refused[0]],
    ["the old", await refused[1]],
  ] as const) {
    if (run.status === 0) fail(`the master accepted a driver with ${which} RPC secret`);
    if (!run.output.includes("All masters are unresponsive"))
      fail(`the driver with ${which} RPC secret failed, but not for authentication: ${run.output.slice(-300)}`);
  }
  const notebooksAfterRotation = await cluster.jupyter.countNotebooks();
  if (notebooksAfterRotation !== notebooksBeforeRotation)
    fail(`across the rotation notebooks went ${notebooksBeforeRotation} -> ${notebooksAfterRotation}`);
  ok(
    `RPC secret rotated: drivers with a wrong and with the old secret were refused, a job from JupyterLab with the new one counted 20000 rows, all ${notebooksAfterRotation} notebooks kept`,
  );

  const destroyStart = Date.now();
  destroy("cluster-stack", "destroy-cluster");
  figures.add("cluster-stack destroy", since(destroyStart), "s");
  figures.add("faults tried / survived", `${tried} / ${survived}`);
}
