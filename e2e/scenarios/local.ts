/**
 * local-stack: a local-mode notebook writing s3a, a redeploy with nothing
 * changed, and nothing lost across destroy and deploy (notebooks and bucket
 * objects counted before and after).
 */
import { deploy, destroy, output, planIsClean } from "../lib/deploy";
import { Figures } from "../lib/figures";
import { Jupyter } from "../lib/kernel";
import { fail } from "../lib/shell";
import { since } from "../lib/wait";

const STACK = "local-stack";

export async function localScenario(figures: Figures): Promise<void> {
  let start = Date.now();
  deploy(STACK, "deploy-local");
  figures.add("local-stack deploy", since(start), "s");
  planIsClean(STACK, "deploy-local");

  start = Date.now();
  const again = deploy(STACK, "redeploy-local-unchanged");
  if (!again.includes("No changes")) fail("a second cdktf deploy with nothing changed did not say No changes");
  figures.add("`cdktf deploy` again with nothing changed (says \"No changes\")", since(start), "s");

  const bucket = output(STACK, "spark_bucket_name");
  let jupyter = new Jupyter(output(STACK, "spark_jupyter_url"));
  const wrote = await jupyter.run([
    "from pyspark.sql import SparkSession",
    `spark = SparkSession.builder.appName("cdktf-spark-e2e-local").getOrCreate()`,
    `spark.range(5000).write.mode("overwrite").parquet("s3a://${bucket}/e2e/local")`,
    `print("LOCAL_ROWS", spark.read.parquet("s3a://${bucket}/e2e/local").count(), spark.sparkContext.master)`,
    "spark.stop()",
  ].join("\n"));
  if (!wrote.includes("LOCAL_ROWS 5000 local")) fail(`local-mode notebook did not write and read 5000 rows: ${wrote}`);
  figures.checked("a local-mode notebook wrote and read 5000 rows on s3a");

  for (const i of [1, 2, 3]) {
    if (![200, 201].includes(await jupyter.saveNotebook(`e2e-kept-${i}.ipynb`))) fail(`could not save notebook ${i}`);
  }
  const countObjects = (lab: Jupyter) => lab.countFiles(`s3a://${bucket}/`);
  const notebooksBefore = await jupyter.countNotebooks();
  const objectsBefore = await countObjects(jupyter);
  if (!(notebooksBefore >= 3 && objectsBefore >= 1)) fail(`expected at least 3 notebooks and 1 object, found ${notebooksBefore} and ${objectsBefore}`);

  start = Date.now();
  destroy(STACK, "destroy-local");
  figures.add("local-stack destroy", since(start), "s");
  deploy(STACK, "redeploy-local");
  figures.add("local-stack destroy + deploy", since(start), "s");
  planIsClean(STACK, "redeploy-local");

  jupyter = new Jupyter(output(STACK, "spark_jupyter_url"));
  const notebooksAfter = await jupyter.countNotebooks();
  const objectsAfter = await countObjects(jupyter);
  const kept = await jupyter.run([
    "from pyspark.sql import SparkSession",
    "spark = SparkSession.builder.getOrCreate()",
    `print("KEPT_ROWS", spark.read.parquet("s3a://${bucket}/e2e/local").count())`,
    "spark.stop()",
  ].join("\n"));
  if (!kept.includes("KEPT_ROWS 5000")) fail("bucket data written before destroy is gone");
  const lost = notebooksBefore - notebooksAfter + (objectsBefore - objectsAfter);
  if (lost !== 0) fail(`files lost across destroy and deploy: notebooks ${notebooksBefore} -> ${notebooksAfter}, objects ${objectsBefore} -> ${objectsAfter}`);
  figures.add("files lost across destroy and deploy", lost);
  figures.checked(`destroy and deploy again: all ${notebooksAfter} notebooks and ${objectsAfter} bucket objects still there, the 5000 rows readable`);
  destroy(STACK, "destroy-local-final");
}
