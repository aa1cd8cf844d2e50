/**
 * cluster-stack in a real browser, as a person uses it: JupyterLab without
 * its token shows the login page; with it, a notebook runs a PySpark cell
 * on the cluster and the result renders; the master UI's link to a worker
 * opens from the host; the history server lists the application. Screenshots
 * go to docs/screenshots/.
 */
import { output } from "../lib/deploy";
import { launch, screenshot } from "../lib/browser";
import { Figures } from "../lib/figures";
import { LOGS, fail } from "../lib/shell";
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
    // A notebook as a user would keep one, opened in JupyterLab; its cell is run from the page.
    const notebook = `e2e-browser-${start}.ipynb`;
    await cluster.jupyter.saveNotebook(
      notebook,
      [
        "from pyspark.sql import SparkSession",
        "spark = SparkSession.builder.appName('cdktf-spark-e2e-browser').getOrCreate()",
        "print('BROWSER_SUM', spark.range(1000).selectExpr('sum(id)').first()[0], spark.sparkContext.master)",
      ].join("\n"),
    );
    // ?reset: a fresh workspace, not the tabs a previous visit left open.
    await page.goto(`${cluster.jupyter.base}/lab/tree/${notebook}?reset&token=${cluster.jupyter.token}`);
    const panel = page.locator(".jp-NotebookPanel:visible");
    await page
      .getByText(/\| Idle/)
      .first()
      .waitFor({ timeout: 120_000 });
    await panel.locator(".jp-Cell .cm-content").first().click({ timeout: 60_000 });
    await page.keyboard.press("Shift+Enter");
    const result = panel.locator(".jp-OutputArea-output").filter({ hasText: "BROWSER_SUM" });
    await result.waitFor({ timeout: 240_000 });
    const text = await result.innerText();
    if (!text.includes(`BROWSER_SUM 499500 ${cluster.masterUrl}`)) fail(`the notebook cell rendered ${text}`);
    figures.add("browser: open a notebook in JupyterLab, run its PySpark cell on the cluster, result rendered", since(start), "s");
    await screenshot(page, "jupyter-notebook");
    figures.checked(`in Chromium, a notebook's PySpark cell computed sum(0..999) = 499500 on ${cluster.masterUrl} and the page showed it`);
    // Let the session go, so its executors do not hold cores the next scenarios need.
    await page.keyboard.insertText("spark.stop()");
    await page.keyboard.press("Shift+Enter");
    await page
      .getByText(/\| Idle/)
      .first()
      .waitFor({ timeout: 60_000 });

    await page.goto(cluster.masterUi);
    const workerLink = page
      .locator("a[href*=':808']")
      .filter({ hasText: /worker-/ })
      .first();
    await workerLink.waitFor({ timeout: 30_000 });
    await screenshot(page, "master-ui");
    await workerLink.click();
    await page
      .getByText(/Spark Worker at/)
      .first()
      .waitFor({ timeout: 30_000 });
    await screenshot(page, "worker-ui");
    figures.checked(`the master UI lists the workers, and a worker's link (${page.url()}) opens from the host`);

    await page.goto(output("cluster-stack", "spark_history_ui"));
    await page.getByText("cdktf-spark-e2e-job").first().waitFor({ timeout: 60_000 });
    await page.getByText("Loading history summary").waitFor({ state: "hidden", timeout: 30_000 });
    await screenshot(page, "history-server");
    figures.checked("the history server's page lists the e2e job");
  } catch (error) {
    // What the page showed when it went wrong, for the log folder (not the docs).
    for (const page of browser.contexts().flatMap((c) => c.pages()))
      await page.screenshot({ path: `${LOGS}/browser-failure.png` }).catch(() => undefined);
    throw error;
  } finally {
    await browser.close();
  }
}
