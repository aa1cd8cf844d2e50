/**
 * The prose says what the code does: the docs' tables and snippets against the library. These run once, in the
 * cdktf suite; the cdktn suite (scripts/cdktn.sh) runs the library's own tests against the other framework.
 */
import * as fs from "fs";
import * as path from "path";
import * as cdktf from "cdktf";
import { DatabricksRuntime, DatabricksRuntimes, TableFormat } from "../lib";
import { runtimeRelease } from "../lib/databricks-runtime";

const { readFileSync } = fs;

describe("the runtime tables", () => {
  test("docs/databricks.md lists exactly the runtime table's rows", () => {
    const page = readFileSync(path.resolve(__dirname, "..", "docs", "databricks.md"), "utf8");
    const rows = page.split("\n").filter((l) => /^\| \d+(\.\d+)? LTS \|/.test(l));
    expect(rows).toEqual(
      Object.entries(DatabricksRuntime).map(([key, runtime]) => {
        const p = DatabricksRuntimes.PROFILES[runtime];
        const r = runtimeRelease(p);
        return (
          `| ${p.name.replace("Databricks Runtime ", "")} | \`DatabricksRuntime.${key}\` (\`${runtime}\`) | ${p.databricksSparkVersion} → ${p.sparkVersion} | ` +
          `${r.tableFormats[TableFormat.DELTA]?.version ?? "–"} | ${r.tableFormats[TableFormat.ICEBERG]?.version ?? "–"} | ${p.databricksPythonVersion} | ` +
          `${p.libraries.map((l) => `${l.name} ${l.installed}`).join(", ")} |`
        );
      }),
    );
  });

  test("the README's runtime table says each profile's Spark, table formats, first libraries and Python as the table has them", () => {
    const readme = readFileSync(path.resolve(__dirname, "..", "README.md"), "utf8");
    const rows = readme.split("\n").filter((l) => /^\| \d+(\.\d+)? LTS/.test(l));
    expect(rows).toEqual(
      Object.values(DatabricksRuntime).map((runtime) => {
        const p = DatabricksRuntimes.PROFILES[runtime];
        const r = runtimeRelease(p);
        const first = p.libraries
          .slice(0, 3)
          .map((l) => `${l.name} ${l.installed}`)
          .join(", ");
        return (
          `| ${p.name.replace("Databricks Runtime ", "")}${runtime === DatabricksRuntimes.DEFAULT ? " (default)" : ""} | ${p.sparkVersion} (${p.databricksSparkVersion}) | ` +
          `${r.tableFormats[TableFormat.DELTA]!.version}, ${r.tableFormats[TableFormat.ICEBERG]?.version ?? "–"} | ${first} and ${p.libraries.length - 3} more | ` +
          `Python 3.10/3.11 here (${p.databricksPythonVersion} there); open-source Spark and Delta |`
        );
      }),
    );
  });
});

describe("docs/security.md's remote backend for state", () => {
  test("its S3Backend snippet, run in a stack, synthesizes an encrypted, KMS-keyed, locked S3 backend", () => {
    const page = fs.readFileSync(path.join(__dirname, "..", "docs", "security.md"), "utf8");
    const start = page.indexOf("\n## Secrets in Terraform state\n");
    expect(start).toBeGreaterThan(0);
    const section = page.slice(start);
    const snippet = /```ts\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ts = require("typescript") as typeof import("typescript");
    const js = ts.transpileModule(snippet, { compilerOptions: { module: ts.ModuleKind.CommonJS } }).outputText;
    const { Testing, TerraformStack } = cdktf;
    const stack = new TerraformStack(Testing.app(), "my-spark");
    new Function("require", "exports", "stack", js)(require, {}, stack);
    const backend = JSON.parse(Testing.synth(stack)).terraform.backend;
    expect(backend).toEqual({
      s3: {
        bucket: "my-tf-state",
        key: "spark/my-spark.tfstate",
        region: "eu-west-1",
        encrypt: true,
        kms_key_id: "alias/terraform-state",
        dynamodb_table: "terraform-locks",
      },
    });
  });
});
