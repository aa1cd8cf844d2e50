/**
 * cluster-stack in a real browser, as a person uses it: JupyterLab without
 * its token shows the login page; with it, a new notebook runs a PySpark cell
 * on the cluster and the result renders; the master UI's link to a worker
 * opens from the host; the history server lists the application. Screenshots
 * go to docs/screenshots/.
 */
import { output } from "../lib/deploy";
import { launch, screenshot } from "../lib/browser";
import { Figures } from "../lib/figures";
import { fail } from "../lib/shell";
import { since } from "../lib/wait";
import { Cluster } from "./cluster";

export async function browserScenario(figures: Figures, cluster: Cluster): Promise<void> {
  const browser = await launch();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });

    await page.goto(`${cluster.jupyter.base}/lab`);
    await page.getByText(/token/i).first().waitFor({ timeout: 60_000 });
    if (!(await page.locator("input[type=password]").count())) fail("JupyterLab without its token did not show the login page");
    await screenshot(page, "jupyter-login");
    figures.checked("JupyterLab without its token shows its login page");

    const start = Date.now();
    await page.goto(output("cluster-stack", "spark_jupyter_url"));
    await page.locator(".jp-LauncherCard[data-category='Notebook']").first().click({ timeout: 120_000 });
    const cell = page.locator(".jp-Notebook .jp-Cell .cm-content").first();
    await cell.click({ timeout: 60_000 });
    await page.keyboard.insertText([
      "from pyspark.sql import SparkSession",
      "spark = SparkSession.builder.appName('cdktf-spark-e2e-browser').getOrCreate()",
      "print('BROWSER_SUM', spark.range(1000).selectExpr('sum(id)').first()[0], spark.sparkContext.master)",
    ].join("\n"));
    await page.keyboard.press("Shift+Enter");
    const result = page.locator(".jp-OutputArea-output").filter({ hasText: "BROWSER_SUM" });
    await result.waitFor({ timeout: 240_000 });
    const text = await result.innerText();
    if (!text.includes(`BROWSER_SUM 499500 ${cluster.masterUrl}`)) fail(`the notebook cell rendered ${text}`);
    figures.add("browser: open JupyterLab, new notebook, PySpark cell on the cluster rendered", since(start), "s");
    await screenshot(page, "jupyter-notebook");
    figures.checked(`in Chromium, a new notebook's PySpark cell computed sum(0..999) = 499500 on ${cluster.masterUrl} and the page showed it`);
    // Let the session go, so its executors do not hold cores the next scenarios need.
    await page.keyboard.insertText("spark.stop()");
    await page.keyboard.press("Shift+Enter");

    await page.goto(cluster.masterUi);
    const workerLink = page.locator("a[href*=':808']").filter({ hasText: /worker-/ }).first();
    await workerLink.waitFor({ timeout: 30_000 });
    await screenshot(page, "master-ui");
    await workerLink.click();
    await page.getByText(/Spark Worker at/).first().waitFor({ timeout: 30_000 });
    await screenshot(page, "worker-ui");
    figures.checked(`the master UI lists the workers, and a worker's link (${page.url()}) opens from the host`);

    await page.goto(output("cluster-stack", "spark_history_ui"));
    await page.getByText("cdktf-spark-e2e-job").first().waitFor({ timeout: 60_000 });
    await page.getByText("Loading history summary").waitFor({ state: "hidden", timeout: 30_000 });
    await screenshot(page, "history-server");
    figures.checked("the history server's page lists the e2e job");
  } finally {
    await browser.close();
  }
}
