import { readFileSync } from "fs";
import * as path from "path";
import { SparkReleases, TableFormat } from "../lib";

const root = path.resolve(__dirname, "..");

describe("README", () => {
  test("shows, as its import example, exactly the consumer app CI installs, type-checks and synthesizes", () => {
    const readme = readFileSync(path.join(root, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## Importing the constructs"));
    const example = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
    expect(example).toBe(readFileSync(path.join(root, "test", "consumer", "main.ts"), "utf8"));
  });

  test("shows, as its Python example, exactly the app the Python consumer test synthesizes", () => {
    const readme = readFileSync(path.join(root, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## In Python"));
    const example = /```python\n([\s\S]*?)```/.exec(section)?.[1];
    expect(example).toBe(readFileSync(path.join(root, "test", "python", "app.py"), "utf8"));
  });

  test("shows, as its \"More than one machine\" app, exactly the one CI installs, synthesizes and checks", () => {
    const readme = readFileSync(path.join(root, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## More than one machine"));
    const example = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
    expect(example).toBe(readFileSync(path.join(root, "test", "consumer", "hosts.ts"), "utf8"));
  });

  test("lists in its Spark versions table exactly the lines, releases, Hadoop, SDK modules and images of lib/versions.ts", () => {
    const readme = readFileSync(path.join(root, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## Spark versions"), readme.indexOf("## Security"));
    const rows = section.split("\n").filter((l) => /^\| \d\.\d /.test(l));
    const span = (r: readonly string[]) => (r.length === 1 ? r[0] : `${r[0]}–${r[r.length - 1]}`);
    expect(rows).toEqual(Object.values(SparkReleases.LINES).map((r) => {
      const sdk = `${r.awsSdk.group === "com.amazonaws" ? "v1" : "v2"} ${r.awsSdk.version}: ${r.awsSdk.modules.join(", ")}`;
      return `| ${r.line} | ${span(r.releases)} | ${r.hadoopVersion} | ${sdk} | ${r.analyticsAcceleratorVersion ?? "–"} | \`scala${r.scalaVersion}-java${r.javaVersion}-python3-ubuntu\` |`;
    }));
    expect(section).toContain(`newest release, ${SparkReleases.DEFAULT_VERSION})`);
    const setting = readme.split("\n").find((l) => l.startsWith("| `CDKTF_SPARK_VERSION`"));
    expect(setting).toContain(`| \`${SparkReleases.DEFAULT_VERSION}\` |`);
    for (const r of Object.values(SparkReleases.LINES)) expect(setting).toContain(`\`${r.line}\` (${span(r.releases)})`);
  });

  test("lists in its notebook section exactly the Delta Lake and Iceberg builds of lib/versions.ts", () => {
    const readme = readFileSync(path.join(root, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## In the notebook"), readme.indexOf("## Submitting a job"));
    const rows = section.split("\n").map((l) => l.trim()).filter((l) => /^\| \d\.\d /.test(l));
    expect(rows).toEqual(Object.values(SparkReleases.LINES).map((r) =>
      `| ${r.line} | ${r.tableFormats[TableFormat.DELTA]?.version ?? "–"} | ${r.tableFormats[TableFormat.ICEBERG]?.version ?? "–"} |`));
  });
});
