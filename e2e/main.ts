/**
 * The real-deploy test's scenarios, run in order on the machine e2e/run.sh
 * prepared (Docker engine, base images, providers). Each scenario writes its
 * own figures; together they become docs/e2e-results.md.
 */
import { spawn } from "child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { destroyLeftovers, plans, stateChecks } from "./lib/deploy";
import { Figures } from "./lib/figures";
import { ROOT, StepFailed, capture, fail, log } from "./lib/shell";
import { since } from "./lib/wait";
import { awsScenario } from "./scenarios/aws";
import { browserScenario } from "./scenarios/browser";
import { Cluster, clusterScenario } from "./scenarios/cluster";
import { connectScenario } from "./scenarios/connect";
import { NotebookStack, databricksScenario } from "./scenarios/databricks";
import { faultsScenario } from "./scenarios/faults";
import { hostsScenario } from "./scenarios/hosts";
import { linesScenario } from "./scenarios/lines";
import { localScenario } from "./scenarios/local";
import { notebookScenario } from "./scenarios/notebook";
import { upgradeScenario } from "./scenarios/upgrade";

/** cluster-stack's notebook, as the Databricks scenario needs it: its workbench has a catalog, so Iceberg too. */
const clusterNotebook = (cluster: Cluster): NotebookStack => ({
  name: "cluster-stack",
  jupyter: cluster.jupyter,
  jupyterContainer: cluster.jupyterContainer,
  bucket: cluster.bucket,
  iceberg: true,
});

/**
 * The scenarios in two tracks that share no stack, no host port and no Docker name, run side by side as two
 * processes (each scenario's own steps are synchronous): the default stacks and the upgrade on the default
 * ports, the other lines, AWS mode and the hosts on offset ones (100–400, 500; the upgrade's local stack 50).
 * The upgrade stays after the faults: one of them restarts this machine's Docker engine, which fails any deploy
 * running beside it (moved to the other track, its deploy died there with "Cannot connect to the Docker daemon").
 */
const TRACKS: Record<string, (section: (title: string) => Figures, lines: string[]) => Promise<void>> = {
  default: async (section) => {
    const cluster = await clusterScenario(section("cluster-stack: deploy, a job, the history server, a notebook"));
    await browserScenario(section("cluster-stack in a real browser"), cluster);
    await connectScenario(section("cluster-stack: Spark Connect from the host"), cluster);
    await notebookScenario(section("cluster-stack: a data team's first day in the notebook, and tables that stay"), cluster);
    await databricksScenario(section("cluster-stack: Databricks notebook code, unchanged"), clusterNotebook(cluster));
    await faultsScenario(section("cluster-stack: faults"), cluster);
    await localScenario(
      section("local-stack: local mode, Databricks notebook code, a no-change redeploy, tokens rotated, nothing lost, purge"),
    );
    await upgradeScenario(section("Upgrading a team's app from the previous release, with work in it"));
  },
  others: async (section, lines) => {
    await linesScenario(section(`The other Spark lines: ${lines.join(", ")}`), lines, process.env.E2E_CACHE ?? os.tmpdir());
    await awsScenario(section("AWS mode against an IAM-enforcing emulator: the synthesized policy under a real Spark job"));
    await hostsScenario(section("A cluster spanning three Docker hosts (this one and two network namespaces)"));
  },
};

/** What a track's process leaves for the report. */
interface TrackResult {
  readonly sections: string[];
  readonly plans: number;
  readonly stateChecks: number;
  readonly seconds: number;
}

const RESULTS = path.join(ROOT, ".e2e", "tracks");

/** One track, in this process: its figures into .e2e/tracks/<track>.json. */
async function runTrack(track: string): Promise<void> {
  const started = Date.now();
  const sections: Figures[] = [];
  await TRACKS[track](
    (title) => {
      const f = new Figures(title);
      sections.push(f);
      return f;
    },
    (process.env.E2E_LINE_VERSIONS ?? "").split(" ").filter(Boolean),
  );
  const result: TrackResult = {
    sections: sections.map((s) => s.markdown()),
    plans: plans.clean,
    stateChecks: stateChecks.count,
    seconds: since(started),
  };
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(path.join(RESULTS, `${track}.json`), JSON.stringify(result));
  log(`track ${track} passed in ${result.seconds} s`);
}

/** Every track at once, each a process of its own; its output goes straight to this one's. */
function startTrack(track: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn("npx", ["--no-install", "tsx", path.join(__dirname, "main.ts")], {
      cwd: ROOT,
      env: { ...process.env, E2E_TRACK: track },
      stdio: ["ignore", "inherit", "inherit"],
    });
    child.on("close", (code) => resolve(code ?? 1));
  });
}

async function main(): Promise<void> {
  const started = Date.now();
  const track = process.env.E2E_TRACK;
  if (track) {
    if (!TRACKS[track]) throw new Error(`E2E_TRACK=${track}: use one of ${Object.keys(TRACKS).join(", ")}`);
    return runTrack(track);
  }
  destroyLeftovers();
  const sections: Figures[] = [];
  const section = (title: string) => {
    const f = new Figures(title);
    sections.push(f);
    return f;
  };
  const lines = (process.env.E2E_LINE_VERSIONS ?? "").split(" ").filter(Boolean);

  // E2E_ONLY=hosts (or aws, databricks, faults, lines, local, notebook, upgrade): one scenario and what it needs, for working on it; writes no results.
  const only = process.env.E2E_ONLY;
  if (only) {
    const alone: Record<string, () => Promise<void>> = {
      aws: () => awsScenario(section("aws")),
      hosts: () => hostsScenario(section("hosts")),
      lines: () => linesScenario(section("lines"), lines, process.env.E2E_CACHE ?? os.tmpdir()),
      local: () => localScenario(section("local")),
      notebook: async () => notebookScenario(section("notebook"), await clusterScenario(section("cluster"))),
      databricks: async () => databricksScenario(section("databricks"), clusterNotebook(await clusterScenario(section("cluster")))),
      upgrade: () => upgradeScenario(section("upgrade")),
      faults: async () => faultsScenario(section("faults"), await clusterScenario(section("cluster"))),
    };
    if (!alone[only]) throw new Error(`E2E_ONLY=${only}: use one of ${Object.keys(alone).join(", ")}`);
    await alone[only]();
    process.stdout.write(sections.map((s) => s.markdown()).join("\n"));
    return;
  }

  rmSync(RESULTS, { recursive: true, force: true });
  const names = Object.keys(TRACKS);
  const codes = await Promise.all(names.map(startTrack));
  const failed = names.filter((_, i) => codes[i] !== 0);
  if (failed.length) fail(`track ${failed.join(" and ")} failed (above)`);
  const results = names.map((name) => JSON.parse(readFileSync(path.join(RESULTS, `${name}.json`), "utf8")) as TrackResult);

  const setup = JSON.parse(readFileSync(path.join(ROOT, ".e2e", "setup.json"), "utf8")) as Record<string, string>;
  const images = capture("docker", ["images", "--format", "{{.Repository}}:{{.Tag}} {{.Size}}"])
    .split("\n")
    // Friendly tags only: the base images also carry a tag per content hash.
    .filter((l) => /^(local\/|cdktf-spark)/.test(l) && !/^local\/\S+-[0-9a-f]{12} /.test(l))
    .sort();
  const text = [
    "# End-to-end results",
    "",
    `Written by \`npm run e2e\` (e2e/run.sh, e2e/main.ts) on ${new Date().toISOString().slice(0, 10)}; do not edit by hand.`,
    `Machine: ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Docker ${capture("docker", ["version", "--format", "{{.Server.Version}}"])},`,
    `${capture("terraform", ["version"]).split("\n")[0]}, providers docker ${process.env.CDKTF_SPARK_DOCKER_PROVIDER_VERSION} and random ${process.env.CDKTF_SPARK_RANDOM_PROVIDER_VERSION}.`,
    "",
    "## Machine setup",
    "",
    "| step | value |",
    "|---|---|",
    `| base images (Debian, Spark, SeaweedFS), cold | ${setup.baseImagesCold} |`,
    `| \`scripts/workbench.sh prepare\` on a warm machine (engine, images, providers all there) | ${setup.prepareWarm} s |`,
    `| library images (Spark + s3a jars, JupyterLab), cold, no Docker cache | ${setup.libraryImagesCold} |`,
    "",
    ...results.flatMap((r) => r.sections),
    "## Plans and totals",
    "",
    `- Plans right after a deploy: ${results.reduce((n, r) => n + r.plans, 0)}, all empty (\`terraform plan -detailed-exitcode\` exit 0).`,
    `- \`state/\` 0700 and the shipped stacks' state files 0600 after every deploy, destroy, rotation and purge: ${results.reduce((n, r) => n + r.stateChecks, 0)} checks.`,
    `- Tracks side by side on ${os.cpus().length} cores (the timings above include the other track's load): ${names.map((n, i) => `${n} ${results[i].seconds} s`).join(", ")}; whole scenario run ${since(started)} s.`,
    "",
    "| image | size |",
    "|---|---|",
    ...images.map((l) => {
      const [name, size] = l.split(" ");
      return `| \`${name}\` | ${size} |`;
    }),
    "",
  ].join("\n");
  writeFileSync(path.join(ROOT, "docs", "e2e-results.md"), text);
  process.stdout.write(text);
  log("e2e passed");
}

main().catch((error) => {
  log(error instanceof StepFailed ? `FAILED: ${error.message}` : `FAILED: ${error?.stack ?? error}`);
  process.exit(1);
});
