import { execFileSync } from "child_process";
import { readdirSync, readFileSync } from "fs";
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

  test("shows, as its Python example beside the TypeScript one, exactly the app the Python consumer test synthesizes", () => {
    const readme = readFileSync(path.join(root, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## Importing the constructs"), readme.indexOf("## In Python"));
    // Side by side: the Python block comes right after the TypeScript one, with one sentence between.
    const pair = /```ts\n[\s\S]*?```\n\n[^\n]+\n\n```python\n([\s\S]*?)```/.exec(section);
    expect(pair?.[1]).toBe(readFileSync(path.join(root, "test", "python", "app.py"), "utf8"));
  });

  const newUser = () => {
    const readme = readFileSync(path.join(root, "README.md"), "utf8");
    const start = readme.indexOf("\n## Use it in your own project\n");
    return readme.slice(start, readme.indexOf("\n## ", start + 1));
  };

  test("starts with its two first commands, then the new-user section", () => {
    const readme = readFileSync(path.join(root, "README.md"), "utf8");
    const first = /```bash\n([\s\S]*?)```/.exec(readme)?.[1].split("\n").map((l) => l.replace(/\s+#.*$/, ""));
    expect(first).toEqual(["npm ci && npm run up", "npm test", ""]);
    // The first section after them.
    expect(readme.indexOf("\n## ")).toBe(readme.indexOf("\n## Use it in your own project\n"));
  });

  test("installs, in its new-user section, the packed tarball beside every peer at the package's own ranges", () => {
    const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
    const section = newUser();
    const installs = [...section.matchAll(/^npm install ((?:.*\\\n)*.*)$/gm)].map((m) => m[1].replace(/\s*\\\n\s*/g, " ").split(/\s+/));
    const all = installs.flat();
    expect(all).toContain(`../cdktf-spark/${pkg.name}-*.tgz`);
    // "^0.21.0" in package.json is "^0.21" in the README, "^12.0.3" is "^12".
    const range = (r: string) => r.replace(/^\^(0\.\d+|[1-9]\d*)\..*$/, "^$1");
    for (const [name, r] of Object.entries({ ...pkg.peerDependencies, "cdktf-cli": pkg.devDependencies["cdktf-cli"] as string })) {
      expect(all).toContain(`${name}@${range(String(r).startsWith("^") ? String(r) : `^${r}`)}`);
    }
    // The AWS bindings in a line of their own: the first install is everything a local bucket needs.
    expect(installs[0].some((a) => a.startsWith("@cdktf/provider-aws"))).toBe(false);
    expect(installs[0]).toEqual(expect.arrayContaining(["tsx@^4"]));
  });

  test("has a new-user section test/consumer/new-user.js can follow: its files, its synths", () => {
    const script = execFileSync("node", [path.join(root, "test", "consumer", "new-user.js"), path.join(root, "README.md"), "CHECK", "TYPECHECK"], { encoding: "utf8" });
    expect(script.match(/^cat > (\S+) <</gm)).toEqual(["cat > cdktf.json <<", "cat > main.ts <<", "cat > main.ts <<"]);
    expect(script.match(/^CHECK$/gm)).toHaveLength(2);
    const cdktfJson = JSON.parse(/```json cdktf\.json\n([\s\S]*?)```/.exec(newUser())![1]);
    expect(cdktfJson).toMatchObject({ language: "typescript", app: "npx tsx main.ts", terraformProviders: [] });
  });

  test("shows, as its AWS-mode app, exactly test/consumer/aws.ts, with the user's own AwsProvider", () => {
    const section = newUser().slice(newUser().indexOf("### With the bucket on AWS"));
    const example = /```ts main\.ts\n([\s\S]*?)```/.exec(section)?.[1];
    expect(example).toBe(readFileSync(path.join(root, "test", "consumer", "aws.ts"), "utf8"));
    expect(example).toContain('import { AwsProvider } from "@cdktf/provider-aws/lib/provider";');
  });

  test("says truly that the CDKTF_SPARK_* settings are the repository's stacks': the library reads no environment variable", () => {
    for (const file of readdirSync(path.join(root, "lib")).filter((f) => f.endsWith(".ts"))) {
      expect(readFileSync(path.join(root, "lib", file), "utf8")).not.toMatch(/process\.env/);
    }
    const readme = readFileSync(path.join(root, "README.md"), "utf8");
    const repo = readme.indexOf("## This repository's stacks");
    const table = readme.indexOf("| `CDKTF_SPARK_VERSION`");
    expect(repo).toBeGreaterThan(0);
    expect(table).toBeGreaterThan(repo);
    expect(readme.indexOf("\n## ", repo + 1)).toBeGreaterThan(table);
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
