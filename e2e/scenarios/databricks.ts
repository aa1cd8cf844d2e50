/**
 * Databricks notebook code, run unchanged in a real kernel of a deployed
 * JupyterLab (cluster-stack and local-stack alike): the seed's own first cell
 * over the predefined session, widgets, `%sql` cells with several statements,
 * comments and parameters, three-part names in the `main` catalog, a Delta
 * MERGE with its history and time travel, `display`, `dbutils.fs` on dbfs:/
 * and s3a://, scikit-learn on `toPandas()` and a seaborn plot, a streaming
 * `availableNow` write to a Delta table on the bucket whose kernel is restarted
 * mid-run and which then finishes from its checkpoint with every row exactly
 * once, and a notebook exported from Databricks as a source `.py` opened by
 * JupyterLab and run headless with a widget parameter.
 */
import * as path from "path";
import { Figures } from "../lib/figures";
import { Jupyter, Kernel } from "../lib/kernel";
import { capture, fail, log, step } from "../lib/shell";
import { since, waitFor } from "../lib/wait";
import { RUN } from "./notebook";

/** What the scenario needs of a deployed stack. */
export interface NotebookStack {
  readonly name: string;
  readonly jupyter: Jupyter;
  readonly jupyterContainer: string;
  readonly bucket: string;
  /** Whether the stack's image carries Iceberg (a workbench with its catalog). */
  readonly iceberg: boolean;
}

const NOTEBOOKS = "/home/spark/notebooks";
/** Stream input files, and rows per file. */
const FILES = 4;
const ROWS_PER_FILE = 100;

/** Runs one cell, fails the scenario unless every pattern shows in what it printed or displayed. */
async function cell(kernel: Kernel, what: string, code: string, ...expected: RegExp[]): Promise<string> {
  let out: string;
  try {
    out = await kernel.execute(code);
  } catch (error) {
    return fail(`${what}: the cell raised ${(error as Error).message}`);
  }
  for (const re of expected) if (!re.test(out)) fail(`${what}: expected ${re} in:\n${out}`);
  return out;
}

/** A cell that must stop with an error: returns the error's text. */
async function failingCell(kernel: Kernel, what: string, code: string, expected: RegExp): Promise<string> {
  const outcome = await kernel.execute(code).then(
    (out) => ({ ok: true, text: out }),
    (error: Error) => ({ ok: false, text: error.message }),
  );
  if (outcome.ok || !expected.test(outcome.text))
    fail(`${what}: expected an error matching ${expected}, got ${outcome.ok ? "none" : outcome.text}`);
  return outcome.text.split("\n")[0];
}

export async function databricksScenario(figures: Figures, stack: NotebookStack): Promise<void> {
  const { bucket } = stack;
  const schema = `sales_${RUN}`;
  const table = `main.${schema}.orders`;
  const started = Date.now();
  const kernel = await stack.jupyter.kernel();
  try {
    // The seed notebook's first cell, over the session the kernel already has.
    const seed = await cell(
      kernel,
      "the seed's first cell",
      [
        "from pyspark.sql import SparkSession",
        `spark = SparkSession.builder.appName("team-notebook").config("spark.executor.memory", "2g").config("spark.sql.shuffle.partitions", "8").getOrCreate()`,
        `print("SHUFFLE", spark.conf.get("spark.sql.shuffle.partitions"))`,
      ].join("\n"),
      /SHUFFLE 8/,
      /spark\.app\.name.*spark\.executor\.memory|spark\.executor\.memory.*spark\.app\.name/,
    );
    if (/WARN|Using an existing Spark session/.test(seed)) fail(`the seed's first cell printed the JVM's warning: ${seed}`);
    const said =
      seed.split("\n").find((l) => /could not take effect/.test(l)) ?? fail(`no line said which settings could not take effect: ${seed}`);
    figures.checked(
      `the seed's first cell (\`SparkSession.builder.appName(…).config(…).getOrCreate()\`) ran quietly over the predefined session: the runtime setting took effect, and one line said: "${said.trim()}"`,
    );
    const ready = /Databricks Runtime [^\n]*profile[^\n]*/.exec(seed)?.[0];
    if (ready) figures.checked(`the ready line names the runtime and what differs: "${ready.trim()}"`);

    // Widgets, %sql with several statements, comments and parameters, three-part names, Delta by default.
    await cell(
      kernel,
      "widgets",
      [
        `dbutils.widgets.text("region", "north", "Region")`,
        `dbutils.widgets.dropdown("size", "small", ["small", "large"])`,
        `print("WIDGETS", dbutils.widgets.get("region"), sorted(dbutils.widgets.getAll().items()))`,
      ].join("\n"),
      /WIDGETS north \[\('region', 'north'\), \('size', 'small'\)\]/,
    );
    const sql = await cell(
      kernel,
      "a %sql cell",
      [
        "%sql",
        "-- a schema of this run, named the Unity Catalog way",
        `CREATE SCHEMA IF NOT EXISTS main.${schema};`,
        `CREATE TABLE ${table} (id BIGINT, region STRING, amount DOUBLE); /* no USING: a Delta table, as on Databricks */`,
        `INSERT INTO ${table} VALUES (1, 'north', 10.0), (2, 'south', 20.0), (3, '\${region}', 30.0);`,
        `SELECT region, count(*) AS n FROM ${table} WHERE region = :region GROUP BY region`,
      ].join("\n"),
      /north\s+2/,
      /\[display: .*text\/html.*\]/,
    );
    void sql;
    await cell(kernel, "_sqldf", `print("SQLDF", type(_sqldf).__name__, _sqldf.collect()[0].n)`, /SQLDF DataFrame 2/);
    figures.checked(
      `a Databricks \`%sql\` cell (a comment line, four statements, a \`/* */\` comment, \`\${region}\` and \`:region\` from a widget) created schema \`main.${schema}\` and table \`${table}\` without USING, and displayed the last result as a table, left in \`_sqldf\``,
    );

    // Delta: MERGE, history, time travel, the Python API; one table under all its names.
    await cell(
      kernel,
      "MERGE",
      [
        "%sql",
        `MERGE INTO ${table} t USING (SELECT 2L AS id, 'south' AS region, 25.0D AS amount UNION ALL SELECT 4L, 'east', 40.0D) s`,
        "ON t.id = s.id WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *",
      ].join("\n"),
    );
    const delta = await cell(
      kernel,
      "Delta history and time travel",
      [
        "from delta.tables import DeltaTable",
        `history = DeltaTable.forName(spark, "${table}").history().orderBy("version").select("version", "operation").collect()`,
        `print("HISTORY", [(r.version, r.operation) for r in history])`,
        `print("ROWS_NOW", spark.table("${table}").count(), "ROWS_V1", spark.sql("SELECT count(*) FROM ${table} VERSION AS OF 1").first()[0])`,
        `print("SAME_TABLE", spark.table("spark_catalog.${schema}.orders").count(), spark.table("${schema}.orders").count())`,
        `print("FORMAT", spark.sql("DESCRIBE DETAIL ${table}").first().format)`,
        `spark.sql("USE CATALOG main"); spark.sql("USE SCHEMA ${schema}")`,
        `spark.range(5).write.saveAsTable("ids")`,
        `print("CURRENT", spark.catalog.currentDatabase(), spark.table("main.${schema}.ids").count())`,
        `spark.sql("USE SCHEMA default")`,
        `display(spark.table("${table}").orderBy("id"))`,
      ].join("\n"),
      /HISTORY \[\(0, 'CREATE TABLE'\), \(1, 'WRITE'\), \(2, 'MERGE'\)\]/,
      /ROWS_NOW 4 ROWS_V1 3/,
      /SAME_TABLE 4 4/,
      /FORMAT delta/,
      new RegExp(`CURRENT ${schema} 5`),
      /east/,
    );
    void delta;
    figures.checked(
      `Delta on the default line: \`MERGE INTO\` updated one row and inserted one, \`DeltaTable.forName(…).history()\` shows CREATE TABLE, WRITE, MERGE, \`VERSION AS OF 1\` reads the 3 rows before the merge; \`${table}\`, \`spark_catalog.${schema}.orders\` and \`${schema}.orders\` are one table; \`USE CATALOG main\` then \`saveAsTable("ids")\` lands in \`main.${schema}\``,
    );

    if (stack.iceberg) {
      await cell(
        kernel,
        "Iceberg",
        [
          `spark.sql("CREATE NAMESPACE IF NOT EXISTS iceberg.${schema}_ice")`,
          `spark.sql("CREATE TABLE iceberg.${schema}_ice.events (id BIGINT) USING iceberg")`,
          `spark.sql("INSERT INTO iceberg.${schema}_ice.events SELECT id FROM range(10)")`,
          `spark.sql("INSERT INTO iceberg.${schema}_ice.events SELECT id FROM range(10, 15)")`,
          `first = spark.sql("SELECT snapshot_id FROM iceberg.${schema}_ice.events.snapshots ORDER BY committed_at").first()[0]`,
          `print("ICEBERG", spark.table("iceberg.${schema}_ice.events").count(), spark.sql(f"SELECT count(*) FROM iceberg.${schema}_ice.events VERSION AS OF {first}").first()[0])`,
        ].join("\n"),
        /ICEBERG 15 10/,
      );
      figures.checked(
        "Iceberg on the default line: a table in the `iceberg` catalog (same metastore), appended to, read back at its first snapshot",
      );
    }

    // dbutils.fs and %fs on dbfs:/ (the bucket) and s3a://.
    await cell(
      kernel,
      "dbutils.fs",
      [
        `dbutils.fs.mkdirs("dbfs:/tmp/${RUN}")`,
        `dbutils.fs.put("dbfs:/tmp/${RUN}/hello.txt", "hello from dbutils", True)`,
        `print("LS", [(f.name, f.size) for f in dbutils.fs.ls("dbfs:/tmp/${RUN}/")])`,
        `print("HEAD", dbutils.fs.head("dbfs:/tmp/${RUN}/hello.txt"))`,
        `print("CP", dbutils.fs.cp("dbfs:/tmp/${RUN}/hello.txt", "s3a://${bucket}/tmp/${RUN}/copy.txt"), dbutils.fs.mv("s3a://${bucket}/tmp/${RUN}/copy.txt", "s3://${bucket}/tmp/${RUN}/moved.txt"))`,
        `print("ON_BUCKET", sorted(f.path for f in dbutils.fs.ls("s3a://${bucket}/tmp/${RUN}/")))`,
        `print("RM", dbutils.fs.rm("dbfs:/tmp/${RUN}/", True), [f.name for f in dbutils.fs.ls("dbfs:/tmp/")].count("${RUN}/"))`,
      ].join("\n"),
      /LS \[\('hello\.txt', 18\)\]/,
      /HEAD hello from dbutils/,
      /CP True True/,
      new RegExp(`ON_BUCKET \\['s3a://${bucket}/tmp/${RUN}/hello.txt', 's3a://${bucket}/tmp/${RUN}/moved.txt'\\]`),
      /RM True 0/,
    );
    await cell(kernel, "%fs", `%fs ls s3a://${bucket}/warehouse/`, new RegExp(`${schema}\\.db`));
    const mount = await failingCell(kernel, "an unsupported dbutils call", `dbutils.fs.mount("s3a://x", "/mnt/x")`, /mount/);
    figures.checked(
      `\`dbutils.fs\` put, ls, head, cp, mv, rm on \`dbfs:/\` (the bucket), \`s3a://\` and \`s3://\` paths, and \`%fs ls\`; an unsupported call says so: "${mount}"`,
    );

    // The data team's libraries, as the runtime pins them: scikit-learn on toPandas(), a seaborn plot.
    const libs = await cell(
      kernel,
      "scikit-learn and seaborn",
      [
        "import io, json, importlib.metadata as md",
        "import matplotlib; matplotlib.use('Agg')",
        "import seaborn as sns",
        "from sklearn.linear_model import LinearRegression",
        `pdf = spark.range(100).selectExpr("id AS x", "2 * id + 1 AS y").toPandas()`,
        `model = LinearRegression().fit(pdf[["x"]], pdf["y"])`,
        `print("SKLEARN", round(float(model.coef_[0]), 3), round(float(model.intercept_), 3))`,
        "png = io.BytesIO(); sns.scatterplot(data=pdf, x='x', y='y').get_figure().savefig(png, format='png')",
        `print("SEABORN_PNG", png.tell() > 1000)`,
        `names = ["pandas", "numpy", "pyarrow", "scipy", "scikit-learn", "matplotlib", "seaborn", "statsmodels", "plotly", "boto3", "delta-spark"]`,
        `print("VERSIONS", json.dumps({n: md.version(n) for n in names}))`,
      ].join("\n"),
      /SKLEARN 2\.0 1\.0/,
      /SEABORN_PNG True/,
    );
    const versions = /VERSIONS (\{.*\})/.exec(libs)?.[1] ?? fail(`no versions printed: ${libs}`);
    figures.add("Python libraries as installed", `\`${versions}\``);
    figures.checked("scikit-learn fitted a regression on `toPandas()` of a Spark DataFrame and seaborn drew a plot");

    // Notebook habits that must not hang or pass silently.
    await cell(kernel, "display of a stream", `display(spark.readStream.format("rate").load())`, /stream/i);
    const scala = await failingCell(kernel, "a %scala cell", "%scala\nval x = 1", /[Ss]cala/);
    const md = await cell(kernel, "a %md cell", "%md\n# Orders\nA *Databricks* Markdown cell.", /\[display: .*text\/markdown.*\]/);
    void md;
    const secret = await failingCell(
      kernel,
      "a missing secret",
      `dbutils.secrets.get("team", "api-key")`,
      /addSecret\('team', 'api-key', value\).*CDKTF_SPARK_SECRET_TEAM__API_KEY/,
    );
    figures.checked(
      `\`display\` of a streaming DataFrame says what it is instead of hanging; a \`%md\` cell renders Markdown; a \`%scala\` cell stops with "${scala}"; a missing secret names where it comes from: "${secret}"`,
    );
  } finally {
    await kernel.close();
  }
  figures.add("the Databricks notebook's cells, one kernel", since(started), "s");

  await restartedStream(figures, stack);
  await exportedNotebook(figures, stack);
}

/**
 * A streaming `availableNow` write to a Delta table on the bucket, one file per micro-batch; the kernel is
 * restarted while it runs (its driver JVM ends), and a new kernel starts the same query again: it goes on
 * from its checkpoint, and the table holds every input row exactly once.
 */
async function restartedStream(figures: Figures, stack: NotebookStack): Promise<void> {
  const base = `s3a://${stack.bucket}/stream_${RUN}`;
  const start = Date.now();
  const query = [
    `q = (spark.readStream.schema("id LONG").option("maxFilesPerTrigger", 1).json("${base}/in")`,
    `     .writeStream.format("delta").option("checkpointLocation", "${base}/checkpoint").trigger(availableNow=True).start("${base}/table"))`,
    "q.awaitTermination()",
    `print("STREAM_DONE")`,
  ].join("\n");
  const kernel = await stack.jupyter.kernel();
  try {
    await cell(
      kernel,
      "stream input",
      `spark.range(${FILES * ROWS_PER_FILE}).repartition(${FILES}).write.mode("overwrite").json("${base}/in"); print("INPUT_FILES", len([f for f in dbutils.fs.ls("${base}/in") if f.name.endswith(".json")]))`,
      new RegExp(`INPUT_FILES ${FILES}`),
    );
    const running = kernel.execute(query, 600_000).then(
      () => "finished",
      (e: Error) => `ended: ${e.message.split("\n")[0]}`,
    );
    const commits = () =>
      capture("docker", [
        "exec",
        stack.jupyterContainer,
        "bash",
        "-lc",
        `aws s3 ls s3://${stack.bucket}/stream_${RUN}/table/_delta_log/ || true`,
      ])
        .split("\n")
        .filter((l) => /\d{20}\.json$/.test(l)).length;
    await waitFor("two micro-batches committed", 300, async () => commits() >= 2);
    const before = commits();
    await kernel.restart();
    log(`kernel restarted after ${before} of ${FILES} micro-batches`);
    const interrupted = await Promise.race([
      running,
      new Promise<string>((r) => setTimeout(() => r("no answer (kernel restarted)"), 5000)),
    ]);
    await cell(kernel, "the same stream again", query, /STREAM_DONE/);
    await cell(
      kernel,
      "every row once",
      `t = spark.read.format("delta").load("${base}/table"); print("STREAM_ROWS", t.count(), t.distinct().count())`,
      new RegExp(`STREAM_ROWS ${FILES * ROWS_PER_FILE} ${FILES * ROWS_PER_FILE}`),
    );
    figures.checked(
      `a streaming \`availableNow\` write to a Delta table on the bucket (checkpoint there too, one file per micro-batch): the kernel restarted after ${before} of ${FILES} micro-batches (the running cell: ${interrupted}); started again, it finished from its checkpoint and the table holds each of the ${FILES * ROWS_PER_FILE} rows exactly once`,
    );
  } finally {
    await kernel.close();
  }
  figures.add("stream, kernel restarted mid-run, finished from its checkpoint", since(start), "s");
}

/** A notebook exported from Databricks as source: JupyterLab opens it as a notebook, and it runs headless with a widget parameter. */
async function exportedNotebook(figures: Figures, stack: NotebookStack): Promise<void> {
  for (const file of ["orders_report.py", "report_helpers.py"]) {
    step(`copy-${file}`, "docker", [
      "cp",
      path.join(__dirname, "..", "databricks", file),
      `${stack.jupyterContainer}:${NOTEBOOKS}/${file}`,
    ]);
  }
  const opened = await stack.jupyter.json<{ type: string; content: { cells: { cell_type: string; source: string }[] } }>(
    "/api/contents/orders_report.py?type=notebook&content=1",
  );
  const cells = opened.content.cells;
  if (opened.type !== "notebook" || cells[0]?.cell_type !== "markdown" || !cells.some((c) => c.source.startsWith("%%sql"))) {
    fail(`JupyterLab did not open the Databricks source file as a notebook: ${JSON.stringify(opened).slice(0, 400)}`);
  }
  figures.checked(
    `JupyterLab opens \`orders_report.py\` (Databricks source format) as a notebook of ${cells.length} cells: ${cells.map((c) => (c.cell_type === "markdown" ? "markdown" : c.source.split("\n")[0].slice(0, 20))).join(" · ")}`,
  );
  const start = Date.now();
  const run = step("run-exported-notebook", "docker", [
    "exec",
    "-w",
    NOTEBOOKS,
    stack.jupyterContainer,
    "python3",
    "-m",
    "cdktf_spark_notebook.run",
    "orders_report.py",
    "-p",
    "region",
    "south",
  ]);
  if (!/exit value: region south: 50 orders/.test(run))
    fail(`the exported notebook did not run to its exit value with region=south: ${run}`);
  figures.add(
    "an exported Databricks notebook run headless (`python3 -m cdktf_spark_notebook.run orders_report.py -p region south`)",
    since(start),
    "s",
  );
  figures.checked(
    'run headless with `-p region south`, the exported notebook\'s `%run ./report_helpers` defined `banner`, its `%sql` cell read the widget, `%fs ls` listed the folder, and `dbutils.notebook.exit` returned "region south: 50 orders"',
  );
}
