import { execFileSync } from "child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import * as lib from "../lib";
import { DatabricksRuntimes, SparkReleases, TableFormat } from "../lib";

const root = path.resolve(__dirname, "..");
const read = (file: string) => readFileSync(path.join(root, file), "utf8");
/** The part of `text` from the line `heading` to the next heading of the same or a higher level (or the end). */
const section = (text: string, heading: string) => {
  // Headings outside fenced blocks only: a Python comment in a block is no heading.
  const prose = text.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, (block) => block.replace(/[^\n]/g, " "));
  const start = prose.indexOf(`${heading}\n`);
  if (start < 0 || (start !== 0 && prose[start - 1] !== "\n")) throw new Error(`no heading "${heading}"`);
  const level = /^#+/.exec(heading)![0];
  const next = prose.slice(start + heading.length).search(new RegExp(`\\n#{1,${level.length}} `));
  return next < 0 ? text.slice(start) : text.slice(start, start + heading.length + next);
};
/** Fenced blocks, with their info string ("ts main.ts"). */
const blocks = (text: string) => [...text.matchAll(/^```([^\n]*)\n([\s\S]*?)^```$/gm)].map(([, info, body]) => ({ info, body }));

describe("README: the library's front door", () => {
  const readme = read("README.md");

  test("opens with its two first commands, unchanged, and stays between 140 and 170 lines", () => {
    const lines = readme.trimEnd().split("\n");
    expect(lines.length).toBeGreaterThanOrEqual(140);
    expect(lines.length).toBeLessThanOrEqual(170);
    // The first code block of the file, before any section.
    const first = blocks(readme)[0];
    expect(first.info).toBe("bash");
    expect(first.body.split("\n").map((l) => l.replace(/\s+#.*$/, ""))).toEqual(["npm ci && npm run up", "npm test", ""]);
    expect(readme.indexOf("```bash\n")).toBeLessThan(readme.indexOf("\n## "));
  });

  test("links only pages that exist, and the API reference at anchors of exported types", () => {
    const targets = [...readme.matchAll(/\]\(([^)#\s]+)(#[^)\s]*)?\)/g)].filter(([, file]) => !/^[a-z]+:/.test(file));
    const files = new Set(targets.map(([, file]) => file));
    const docs = [...files].filter((f) => f.startsWith("docs/"));
    expect(docs.length).toBeGreaterThan(10);
    for (const file of files) expect([file, existsSync(path.join(root, file))]).toEqual([file, true]);
    // Every topic page under docs/ is reachable from the README (the generated reference and results included).
    const pages = readdirSync(path.join(root, "docs"))
      .filter((f) => f.endsWith(".md"))
      .map((f) => `docs/${f}`);
    for (const page of pages) expect([page, files.has(page)]).toEqual([page, true]);
    // jsii-docgen's anchors are the types' fully qualified names; `npm run docs:api -- --check` keeps API.md current.
    const anchors = targets
      .filter(([, file]) => file === "docs/API.md")
      .map(([, , anchor]) => anchor)
      .filter(Boolean);
    const exported = read("lib/index.ts");
    for (const anchor of anchors) {
      const name = /^#cdktf-spark\.(\w+)$/.exec(anchor!)?.[1];
      expect([anchor, name !== undefined && (name in lib || new RegExp(`\\b${name}\\b`).test(exported))]).toEqual([anchor, true]);
    }
  });

  test("lists every construct and value type in its table, one line each, linked to its API reference", () => {
    const table = section(readme, "## Constructs")
      .split("\n")
      .filter((l) => l.startsWith("| ["));
    const names = table
      .map((l) => /^\| \[`(\w+)`\]\(docs\/API\.md#cdktf-spark\.(\w+)\) \| \S.* \|$/.exec(l))
      .map((m) => m && m[1] === m[2] && m[1]);
    expect(names).toEqual([
      "SparkWorkbench",
      "SparkMaster",
      "SparkWorker",
      "HistoryServer",
      "JupyterLab",
      "S3Bucket",
      "SparkCatalog",
      "SparkConnectServer",
      "SparkImage",
      "Size",
      "Duration",
      "DatabricksRuntime",
      "DatabricksRuntimes",
      "TableFormat",
      "SparkReleases",
    ]);
    for (const name of names) expect(lib).toHaveProperty(name as string);
  });

  test("installs, as its TypeScript example, exactly the steps test/consumer/new-user.sh follows in docs/getting-started.md", () => {
    const install = section(readme, "## Install");
    const steps = blocks(newUser()).map((b) => `${b.info}\n${b.body}`);
    const shown = blocks(install).filter((b) => !b.info.startsWith("python") && !/build:jsii|pip install/.test(b.body));
    expect(shown.map((b) => b.info)).toEqual(["bash", "bash", "json cdktf.json", "ts main.ts", "bash"]);
    for (const b of shown) expect(steps).toContain(`${b.info}\n${b.body}`);
  });

  test("shows, as its Python example, its TypeScript one in jsii's Python spelling", () => {
    const install = section(readme, "## Install");
    const ts = blocks(install).find((b) => b.info === "ts main.ts")!.body;
    const py = blocks(install).find((b) => b.info === "python main.py")!.body;
    const code = (s: string, comment: string) =>
      s
        .split("\n")
        .filter((l) => !/^(import|from) /.test(l))
        .map((l) => l.split(` ${comment} `)[0])
        .join("\n");
    const strings = (s: string) => [...s.matchAll(/"[^"]*"/g)].map((m) => m[0]).filter((x) => x !== '""');
    // Same ids, numbers, comments and prop names, in order (Python's keyword arguments are the props in snake_case).
    expect(strings(code(py, "#"))).toEqual(strings(code(ts, "//")));
    expect(code(py, "#").match(/\b\d+\b/g)).toEqual(code(ts, "//").match(/\b\d+\b/g));
    expect(py.match(/#.*$/gm)!.map((c) => c.slice(2))).toEqual(ts.match(/\/\/.*$/gm)!.map((c) => c.slice(3)));
    const camel = (k: string) => k.replace(/_(\w)/g, (_, c: string) => c.toUpperCase());
    expect([...code(py, "#").matchAll(/(\w+)=/g)].map((m) => camel(m[1]))).toEqual(
      [...code(ts, "//").matchAll(/(\w+): /g)].map((m) => m[1]),
    );
    // Each construct the TypeScript app news is called in Python, and each struct named is the prop's type in lib/.
    expect([...py.matchAll(/^(\w+)\(/gm)].map((m) => m[1]).filter((c) => c !== "App")).toEqual(
      [...ts.matchAll(/new (\w+)\(stack/g)].map((m) => m[1]),
    );
    for (const [, prop, struct] of py.matchAll(/(\w+)=([A-Z]\w+)\(/g)) {
      expect(
        readdirSync(path.join(root, "lib"))
          .filter((f) => f.endsWith(".ts"))
          .some((f) => new RegExp(`readonly ${camel(prop)}\\?: ${struct};`).test(read(`lib/${f}`))),
      ).toBe(true);
    }
    const imported = /^from cdktf_spark import (.*)$/m.exec(py)![1].split(", ");
    for (const name of imported) expect(read("lib/index.ts")).toMatch(new RegExp(`\\b${name}\\b`));
  });

  test("says truly what the Python wheel requires: the package's peers", () => {
    const pkg = JSON.parse(read("package.json"));
    const required = Object.keys(pkg.peerDependencies).filter((p) => !pkg.peerDependenciesMeta?.[p]?.optional);
    expect(required.sort()).toEqual(["@cdktf/provider-docker", "@cdktf/provider-random", "cdktf", "constructs"]);
    expect(section(readme, "## Install")).toContain("# it requires cdktf, constructs and cdktf-cdktf-provider-{docker,random}");
  });
});

const newUser = () => section(read("docs/getting-started.md"), "## Use it in your own project");

describe("docs/getting-started.md: the new-user walkthrough", () => {
  test("installs the packed tarball beside every peer at the package's own ranges", () => {
    const pkg = JSON.parse(read("package.json"));
    const installs = [...newUser().matchAll(/^npm install ((?:.*\\\n)*.*)$/gm)].map((m) => m[1].replace(/\s*\\\n\s*/g, " ").split(/\s+/));
    const all = installs.flat();
    expect(all).toContain(`../cdktf-spark/${pkg.name}-[0-9]*.tgz`);
    // "^0.21.0" in package.json is "^0.21" in the walkthrough, "^12.0.3" is "^12".
    const range = (r: string) => r.replace(/^\^(0\.\d+|[1-9]\d*)\..*$/, "^$1");
    const aws = JSON.parse(read("packages/aws/package.json"));
    const { "cdktf-spark-aws": awsRelease, ...peers } = pkg.peerDependencies;
    expect([awsRelease, aws.version]).toEqual([pkg.version, pkg.version]);
    expect(all).toContain("../cdktf-spark/cdktf-spark-aws-*.tgz");
    for (const [name, r] of Object.entries({
      ...peers,
      ...aws.peerDependencies,
      "cdktf-cli": pkg.devDependencies["cdktf-cli"] as string,
    })) {
      expect(all).toContain(`${name}@${range(String(r).startsWith("^") ? String(r) : `^${r}`)}`);
    }
    // The AWS side in a line of its own: the first install is everything a local bucket needs.
    expect(installs[0].some((a) => /aws/.test(a))).toBe(false);
    expect(installs[0]).toEqual(expect.arrayContaining(["tsx@^4"]));
  });

  test("is a section test/consumer/new-user.js can follow: its files, its synths", () => {
    expect(read("test/consumer/new-user.sh")).toContain('walkthrough docs/getting-started.md "$WORK"');
    const script = execFileSync(
      "node",
      [path.join(root, "test", "consumer", "new-user.js"), path.join(root, "docs", "getting-started.md"), "CHECK", "TYPECHECK"],
      { encoding: "utf8" },
    );
    expect(script.match(/^cat > (\S+) <</gm)).toEqual(["cat > cdktf.json <<", "cat > main.ts <<", "cat > main.ts <<"]);
    expect(script.match(/^CHECK$/gm)).toHaveLength(2);
    const cdktfJson = JSON.parse(/```json cdktf\.json\n([\s\S]*?)```/.exec(newUser())![1]);
    expect(cdktfJson).toMatchObject({ language: "typescript", app: "npx tsx main.ts", terraformProviders: [] });
  });

  test("shows, as its AWS-mode app, exactly test/consumer/aws.ts, with the user's own AwsProvider", () => {
    const aws = section(newUser(), "### With the bucket on AWS");
    const example = /```ts main\.ts\n([\s\S]*?)```/.exec(aws)?.[1];
    expect(example).toBe(read("test/consumer/aws.ts"));
    expect(example).toContain('import { AwsProvider } from "@cdktf/provider-aws/lib/provider";');
  });
});

describe("docs/cdktn.md: the walkthrough on CDK Terrain", () => {
  const page = read("docs/cdktn.md");
  const apps = (text: string) => [...text.matchAll(/```ts main\.ts\n([\s\S]*?)```/g)].map((m) => m[1]);

  test("is a section new-user.sh follows, with getting-started's two apps, their imports moved as its migration says", () => {
    expect(read("test/consumer/new-user.sh")).toContain('walkthrough docs/cdktn.md "$CDKTN"');
    const script = execFileSync(
      "node",
      [path.join(root, "test", "consumer", "new-user.js"), path.join(root, "docs", "cdktn.md"), "CHECK", "TC"],
      {
        encoding: "utf8",
      },
    );
    expect(script.match(/^cat > (\S+) <</gm)).toEqual(["cat > cdktf.json <<", "cat > main.ts <<", "cat > main.ts <<"]);
    expect(script.match(/^npx cdktn synth/gm)).toHaveLength(2);
    const dir = mkdtempSync(path.join(tmpdir(), "cdktn-apps-"));
    const moved = apps(newUser()).map((app, i) => {
      writeFileSync(path.join(dir, `${i}.ts`), app);
      execFileSync("node", [path.join(root, "scripts", "cdktn-rewrite.js"), "--app", path.join(dir, `${i}.ts`), path.join(dir, "out")]);
      return readFileSync(path.join(dir, "out", `${i}.ts`), "utf8");
    });
    rmSync(dir, { recursive: true });
    expect(apps(page)).toEqual(moved);
  });

  test("shows the README's Python app with the modules test/python/cdktn renames, and nothing else changed", () => {
    const python = (text: string) => blocks(text).find((b) => b.info === "python main.py")!.body;
    const modules = JSON.parse(read("test/cdktn/python-modules.json")) as Record<string, string>;
    const renamed = python(read("README.md")).replace(
      /^(from |import )(\w+)/gm,
      (_, lead, module) => `${lead}${modules[module] ?? module}`,
    );
    expect(python(page)).toBe(renamed);
  });
});

describe("docs/constructs.md", () => {
  const page = read("docs/constructs.md");

  test("shows, as its import example, exactly the consumer app CI installs, type-checks and synthesizes", () => {
    const example = /```ts\n([\s\S]*?)```/.exec(section(page, "# Importing the constructs"))?.[1];
    expect(example).toBe(read("test/consumer/main.ts"));
  });

  test("shows, as its Python example beside the TypeScript one, exactly the app the Python consumer test synthesizes", () => {
    const importing = page.slice(page.indexOf("# Importing the constructs"), page.indexOf("\n## In Python\n"));
    // Side by side: the Python block comes right after the TypeScript one, with one sentence between.
    const pair = /```ts\n[\s\S]*?```\n\n[^\n]+\n\n```python\n([\s\S]*?)```/.exec(importing);
    expect(pair?.[1]).toBe(read("test/python/app.py"));
  });
});

describe("docs/stacks.md", () => {
  test("says truly that the CDKTF_SPARK_* settings are the repository's stacks': the library reads no environment variable", () => {
    const sources = readdirSync(path.join(root, "lib"), { recursive: true }).filter((f) => String(f).endsWith(".ts"));
    expect(sources).toContain(path.join("private", "validate.ts"));
    for (const file of sources) expect(read(`lib/${String(file)}`)).not.toMatch(/process\.env/);
    const page = read("docs/stacks.md");
    expect(page.startsWith("# This repository's stacks")).toBe(true);
    const table = page.indexOf("| `CDKTF_SPARK_VERSION`");
    expect(table).toBeGreaterThan(0);
    // Within the page's one top-level section.
    expect(page.slice(0, table)).not.toMatch(/\n# /);
  });
});

describe("docs/hosts.md", () => {
  test('shows, as its "More than one machine" app, exactly the one CI installs, synthesizes and checks', () => {
    const example = /```ts\n([\s\S]*?)```/.exec(section(read("docs/hosts.md"), "# More than one machine"))?.[1];
    expect(example).toBe(read("test/consumer/hosts.ts"));
  });
});

describe("docs/spark-versions.md", () => {
  const page = section(read("docs/spark-versions.md"), "# Spark versions");
  const span = (r: readonly string[]) => (r.length === 1 ? r[0] : `${r[0]}–${r[r.length - 1]}`);

  test("lists in its Spark versions table exactly the lines, releases, Hadoop, SDK modules and images of lib/versions.ts", () => {
    const rows = page.split("\n").filter((l) => /^\| \d\.\d /.test(l));
    expect(rows).toEqual(
      Object.values(SparkReleases.LINES).map((r) => {
        const sdk = `${r.awsSdk.group === "com.amazonaws" ? "v1" : "v2"} ${r.awsSdk.version}: ${r.awsSdk.modules.join(", ")}`;
        return `| ${r.line} | ${span(r.releases)} | ${r.hadoopVersion} | ${sdk} | ${r.analyticsAcceleratorVersion ?? "–"} | \`scala${r.scalaVersion}-java${r.javaVersion}-python3-ubuntu\` |`;
      }),
    );
    expect(page).toContain(`newest release, ${SparkReleases.DEFAULT_VERSION})`);
    const setting = read("docs/stacks.md")
      .split("\n")
      .find((l) => l.startsWith("| `CDKTF_SPARK_VERSION`"));
    expect(setting).toContain(`| \`${SparkReleases.DEFAULT_VERSION}\` |`);
    for (const r of Object.values(SparkReleases.LINES)) expect(setting).toContain(`\`${r.line}\` (${span(r.releases)})`);
  });

  test("lists in its runtime table exactly the Databricks Runtime profiles of lib/databricks-runtime.ts, the default first said", () => {
    const rows = page.split("\n").filter((l) => /^\| `\d+(\.\d+)?-lts` /.test(l));
    const entries = Object.entries(lib.DatabricksRuntime);
    expect(rows).toEqual(
      Object.values(DatabricksRuntimes.PROFILES).map((p) => {
        const delta = SparkReleases.LINES[p.sparkVersion.split(".").slice(0, 2).join(".")].tableFormats[TableFormat.DELTA]?.version ?? "–";
        return `| \`${p.runtime}\` | \`${entries.find(([, v]) => v === p.runtime)![0]}\` | ${p.databricksSparkVersion} | ${p.sparkVersion} | ${delta} |`;
      }),
    );
    const fallback = DatabricksRuntimes.PROFILES[DatabricksRuntimes.DEFAULT];
    const line = fallback.sparkVersion.split(".").slice(0, 2).join(".");
    expect(page.replace(/\s+/g, " ")).toContain(
      `Databricks Runtime profile (default ${fallback.name.replace("Databricks Runtime ", "")}: Spark ${line}, newest release, ${fallback.sparkVersion})`,
    );
    expect(fallback.sparkVersion).toBe(SparkReleases.DEFAULT_VERSION);
  });
});

describe("docs/notebook.md", () => {
  test("lists in its notebook section exactly the Delta Lake and Iceberg builds of lib/versions.ts", () => {
    const page = section(read("docs/notebook.md"), "# In the notebook");
    const rows = page
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => /^\| \d\.\d /.test(l));
    expect(rows).toEqual(
      Object.values(SparkReleases.LINES).map(
        (r) =>
          `| ${r.line} | ${r.tableFormats[TableFormat.DELTA]?.version ?? "–"} | ${r.tableFormats[TableFormat.ICEBERG]?.version ?? "–"} |`,
      ),
    );
  });
});
