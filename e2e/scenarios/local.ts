/**
 * local-stack: a local-mode notebook (predefined session, s3a, a pandas UDF,
 * a table in the catalog), a redeploy with nothing changed, the Jupyter and
 * Connect tokens rotated (old refused, new accepted), nothing lost across
 * rotation and across destroy and deploy (notebooks, bucket objects and the
 * table counted before and after), and `npm run purge` removing what
 * destroy keeps. The move to CDK Terrain on the way: the cdktn build plans the
 * cdktf build's deployment empty, and after the destroy it deploys the stack
 * itself, whose notebook runs the same checks.
 */
import { existsSync } from "fs";
import * as path from "path";
import { STATE_DIR } from "../../stacks/state";
import { CDKTN_BUILD, deploy, destroy, output, planIsClean, synthesize, workbench } from "../lib/deploy";
import { Figures } from "../lib/figures";
import { Jupyter } from "../lib/kernel";
import { ROOT, attempt, capture, fail } from "../lib/shell";
import { since } from "../lib/wait";
import { CONNECT_CLIENT, connectClient } from "./connect";
import { databricksScenario } from "./databricks";
import { DROP_EARLIER_RUNS, FIRST_QUERY, RUN, firstQueryFigures } from "./notebook";

const STACK = "local-stack";

export async function localScenario(figures: Figures): Promise<void> {
  let start = Date.now();
  deploy(STACK, "deploy-local");
  figures.add("local-stack deploy", since(start), "s");
  planIsClean(STACK, "deploy-local");

  start = Date.now();
  const again = deploy(STACK, "redeploy-local-unchanged");
  if (!again.includes("No changes")) fail("a second cdktf deploy with nothing changed did not say No changes");
  figures.add('`cdktf deploy` again with nothing changed (says "No changes")', since(start), "s");

  const bucket = output(STACK, "spark_bucket_name");
  let jupyter = new Jupyter(output(STACK, "spark_jupyter_url"));
  const wrote = await notebookChecks(jupyter, bucket, `local_sales_${RUN}`);
  const { session, query } = firstQueryFigures(wrote);
  figures.add("fresh local-mode kernel: Spark session ready (started with the kernel) / first query", `${session} s / ${query} s`);
  figures.checked(
    "a local-mode notebook had `spark` predefined, wrote and read 5000 rows on s3a, ran a pandas UDF into toPandas, and created table `local_sales` in the catalog",
  );
  await databricksScenario(figures, {
    name: STACK,
    jupyter,
    jupyterContainer: output(STACK, "spark_jupyter_container"),
    bucket,
    iceberg: true,
  });

  for (const i of [1, 2, 3]) {
    if (![200, 201].includes(await jupyter.saveNotebook(`e2e-kept-${i}.ipynb`))) fail(`could not save notebook ${i}`);
  }
  const countObjects = (lab: Jupyter) => lab.countFiles(`s3a://${bucket}/`);
  const notebooksBefore = await jupyter.countNotebooks();
  const objectsBefore = await countObjects(jupyter);
  if (!(notebooksBefore >= 3 && objectsBefore >= 1))
    fail(`expected at least 3 notebooks and 1 object, found ${notebooksBefore} and ${objectsBefore}`);

  // Rotation: every secret `npm run rotate` knows in this stack (the Jupyter and the Connect token).
  const { python } = connectClient(`${STACK}-spark-connect`);
  const ping = (url: string, label: string) => attempt(label, python, [CONNECT_CLIENT, url, "ping"]);
  const [oldLab, oldConnect] = [jupyter, output(STACK, "spark_connect_url")];
  if (!ping(oldConnect, "connect-before-rotation").output.includes("CONNECT_PING 10")) fail("Connect did not answer before the rotation");
  start = Date.now();
  workbench("rotate", STACK, "rotate-local", ["all"]);
  figures.add("`npm run rotate -- local-stack all` (Jupyter and Connect tokens)", since(start), "s");
  jupyter = new Jupyter(output(STACK, "spark_jupyter_url"));
  const newConnect = output(STACK, "spark_connect_url");
  if (jupyter.token === oldLab.token || newConnect === oldConnect) fail("npm run rotate left a token as it was");
  const oldStatus = await oldLab.status("/api/contents");
  if (oldStatus !== 403) fail(`JupyterLab answered the old token with HTTP ${oldStatus}, not 403`);
  const oldPing = ping(oldConnect, "connect-old-token");
  if (oldPing.status === 0 || !/UNAUTHENTICATED|Unauthenticated|authenticat/i.test(oldPing.output))
    fail(`Connect accepted the old token: ${oldPing.output.slice(-300)}`);
  if (!ping(newConnect, "connect-new-token").output.includes("CONNECT_PING 10")) fail("Connect refused the new token");
  const rotatedNotebooks = await jupyter.countNotebooks();
  const rotatedObjects = await countObjects(jupyter);
  if (rotatedNotebooks !== notebooksBefore || rotatedObjects !== objectsBefore) {
    fail(
      `across the rotation notebooks went ${notebooksBefore} -> ${rotatedNotebooks}, bucket objects ${objectsBefore} -> ${rotatedObjects}`,
    );
  }
  figures.checked(
    `\`npm run rotate -- local-stack all\`: the old Jupyter token got HTTP 403 and the old Connect token UNAUTHENTICATED, the new ones were accepted; all ${rotatedNotebooks} notebooks and ${rotatedObjects} bucket objects still there`,
  );

  // A cdktf user moving to cdktn-spark (CHANGELOG): the same addresses, so the cdktn build plans nothing.
  synthesize(CDKTN_BUILD, "synth-local-cdktn");
  planIsClean(STACK, "cdktf-deploy-planned-by-cdktn");
  figures.checked("the cdktn build planned local-stack as the cdktf build had deployed it: no changes");

  start = Date.now();
  destroy(STACK, "destroy-local");
  figures.add("local-stack destroy", since(start), "s");
  deploy(STACK, "redeploy-local-cdktn", undefined, CDKTN_BUILD);
  figures.add("local-stack destroy (cdktf) + deploy through the cdktn build (`cdktn deploy`)", since(start), "s");
  planIsClean(STACK, "redeploy-local-cdktn");

  jupyter = new Jupyter(output(STACK, "spark_jupyter_url"));
  const notebooksAfter = await jupyter.countNotebooks();
  const objectsAfter = await countObjects(jupyter);
  const kept = await jupyter.run(
    [
      `print("KEPT_ROWS", spark.read.parquet("s3a://${bucket}/e2e/local").count())`,
      `print("KEPT_TABLE", spark.table("local_sales_${RUN}").count())`,
    ].join("\n"),
  );
  if (!kept.includes("KEPT_ROWS 5000")) fail("bucket data written before destroy is gone");
  if (!kept.includes("KEPT_TABLE 5000")) fail(`table local_sales created before destroy is gone: ${kept}`);
  const lost = notebooksBefore - notebooksAfter + (objectsBefore - objectsAfter);
  if (lost !== 0)
    fail(
      `files lost across destroy and deploy: notebooks ${notebooksBefore} -> ${notebooksAfter}, objects ${objectsBefore} -> ${objectsAfter}`,
    );
  figures.add("files lost across destroy and deploy", lost);
  figures.checked(
    `destroy and deploy again (through the cdktn build): all ${notebooksAfter} notebooks and ${objectsAfter} bucket objects still there, the 5000 rows readable, table \`local_sales\` still in the catalog with its 5000 rows`,
  );
  await notebookChecks(jupyter, bucket, `local_sales_cdktn_${RUN}`);
  figures.checked(
    "local-stack deployed by the cdktn build: its notebook had `spark` predefined, wrote and read 5000 rows on s3a, ran a pandas UDF into toPandas, and created a table in the catalog",
  );
  const volumes = capture("node", ["scripts/stack-facts.js", "retained-volumes", `cdktf.out/stacks/${STACK}`]).split("\n");
  start = Date.now();
  workbench("purge", STACK, "purge-local");
  figures.add("`npm run purge -- local-stack`", since(start), "s");
  const left = capture("docker", ["volume", "ls", "--format", "{{.Name}}"])
    .split("\n")
    .filter((v) => volumes.includes(v) || v.startsWith(`${STACK}-`));
  const stateLeft = [`terraform.${STACK}.tfstate`, `terraform.${STACK}.tfstate.backup`].filter((f) =>
    existsSync(path.join(ROOT, STATE_DIR, f)),
  );
  if (left.length || stateLeft.length) fail(`npm run purge left volumes [${left.join(" ")}] and state [${stateLeft.join(" ")}]`);
  figures.checked(
    `\`npm run purge -- local-stack\` removed the ${volumes.length} volumes destroy keeps (${volumes.join(", ")}) and the state with its backup`,
  );
}

/** The local-mode notebook's checks: s3a write and read, a pandas UDF into toPandas, a table in the catalog. */
async function notebookChecks(jupyter: Jupyter, bucket: string, table: string): Promise<string> {
  const wrote = await jupyter.run(
    [
      FIRST_QUERY,
      "import pandas as pd",
      "from pyspark.sql.functions import pandas_udf",
      `spark.range(5000).write.mode("overwrite").parquet("s3a://${bucket}/e2e/local")`,
      `print("LOCAL_ROWS", spark.read.parquet("s3a://${bucket}/e2e/local").count(), spark.sparkContext.master)`,
      "@pandas_udf('long')",
      "def double(x: pd.Series) -> pd.Series:",
      "    return x * 2",
      `print("LOCAL_PANDAS", spark.range(10).select(double("id").alias("d")).toPandas().d.sum())`,
      DROP_EARLIER_RUNS,
      `spark.sql("CREATE TABLE ${table} USING parquet AS SELECT id, id % 5 AS shop FROM range(5000)")`,
      `print("LOCAL_TABLES", [t.name for t in spark.catalog.listTables()])`,
    ].join("\n"),
  );
  if (!wrote.includes("LOCAL_ROWS 5000 local")) fail(`local-mode notebook did not write and read 5000 rows: ${wrote}`);
  if (!wrote.includes("LOCAL_PANDAS 90") || !wrote.includes(`'${table}'`))
    fail(`local-mode notebook: pandas UDF or CREATE TABLE ${table} failed: ${wrote}`);
  return wrote;
}
