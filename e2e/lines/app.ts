/**
 * The e2e's app for the non-default Spark lines: one cluster per line (master,
 * a worker, history server, JupyterLab, its own local bucket), side by side in
 * one stack, each on the base image e2e/run.sh built for it. A line that is a
 * Databricks Runtime profile's (3.5: 16.4 LTS, 4.0: 17.3 LTS) runs as that
 * runtime, with Delta Lake; the others as plain lines. Several
 * workbenches in one stack is a supported use; deploying them together pays
 * Terraform's and the JVMs' idle waits once instead of once per line.
 *
 * One worker and no catalog on every line: the default line proves
 * several workers and the catalog; four clusters of two workers and four
 * catalog schema JVMs starting at once on 2 cores took ~20 minutes of CI.
 *
 * E2E_LINES: JSON array of LineUnderTest.
 */
import { App, TerraformStack } from "cdktf";
import { DatabricksRuntimes, SparkWorkbench } from "../../lib";
import { declareProviders } from "../../stacks/foundation";
import { settingsFromEnv } from "../../stacks/settings";
import { privateLocalState, projectDirOf, protectState } from "../../stacks/state";

export interface LineUnderTest {
  readonly version: string;
  readonly baseImage: string;
  /** Stand-ins `scripts/workbench.sh prepare` chose for artifacts Maven Central lacks. */
  readonly cloudCommitterVersion?: string;
  readonly awsSdkVersion?: string;
}

/** The workbench id of a line's cluster; its outputs are prefixed with it ("spark_3_5_7_master_ui"). */
export const lineId = (version: string) => `spark-${version.replace(/\./g, "-")}`;

export const LINES_STACK = "lines-stack";

/** Workers per line's cluster. */
export const LINE_WORKERS = 1;

/** The Databricks Runtime whose Spark release a line's version is, if any ("16.4-lts" for 3.5.9). */
export const runtimeOf = (line: LineUnderTest) => Object.values(DatabricksRuntimes.PROFILES).find((p) => p.sparkVersion === line.version);

if (require.main === module) {
  const lines = JSON.parse(process.env.E2E_LINES ?? "[]") as LineUnderTest[];
  const settings = settingsFromEnv(process.env);
  const app = new App();
  const stack = new TerraformStack(app, LINES_STACK);
  // Its state and secrets in .e2e/state/, beside the output folder: the owner's only, as the shipped stacks'.
  privateLocalState(stack);
  protectState(projectDirOf(app.outdir), [LINES_STACK]);
  declareProviders(stack, settings);
  lines.forEach(
    (line, i) =>
      new SparkWorkbench(stack, lineId(line.version), {
        image: {
          ...(runtimeOf(line) ? { runtime: runtimeOf(line)!.runtime } : { sparkVersion: line.version }),
          baseImage: line.baseImage,
          cloudCommitterVersion: line.cloudCommitterVersion,
          awsSdkVersion: line.awsSdkVersion,
        },
        bucket: { serverImage: settings.s3ServerImage },
        catalog: { enabled: false },
        workers: { count: LINE_WORKERS },
        // The Connect server is proven on the default line; here every line's cluster is what counts.
        connect: false,
        portOffset: 100 * (i + 1),
      }),
  );
  app.synth();
}
