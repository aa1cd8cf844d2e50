/** Deploying the shipped stacks as a user does (cdktf, or cdktn's build), and checking what Terraform thinks afterwards. */
import { existsSync, readFileSync, statSync } from "fs";
import * as path from "path";
import { STATE_DIR, projectDirOf } from "../../stacks/state";
import { ROOT, attempt, capture, fail, log, step } from "./shell";

export type StackName = "cluster-stack" | "local-stack";

/** A cdktf app other than the shipped one (main.ts): its command and its own output folder; its CLI, if not cdktf's. */
export interface OtherApp {
  readonly command: string;
  readonly out: string;
  readonly cli?: string;
}

/**
 * The shipped stacks as the cdktn build has them (scripts/cdktn.sh), through cdktn's own CLI, into the same
 * output folder and so the same state: what a cdktf user who moves to cdktn-spark runs.
 */
export const CDKTN_BUILD: OtherApp = {
  command: "node -r ./scripts/register.js packages/cdktn/build/core/main.ts",
  out: "cdktf.out",
  cli: "packages/cdktn/node_modules/.bin/cdktn",
};

const appArgs = (app?: OtherApp) => (app ? ["--app", app.command, "--output", app.out] : []);
const stackDir = (stack: string, app?: OtherApp) => `${app?.out ?? "cdktf.out"}/stacks/${stack}`;

/** The cdktf flags `scripts/workbench.sh prepare` chose for these providers (--skip-provider-lock with a mirror). */
export const deployFlags = () => (process.env.WORKBENCH_DEPLOY_FLAGS ?? "").split(" ").filter(Boolean);

const cdktf = (args: string[], env: Record<string, string> | undefined, name: string, app?: OtherApp) =>
  app?.cli
    ? step(name, app.cli, [...args, "--auto-approve", ...deployFlags()], { env })
    : step(name, "npx", ["--no-install", "cdktf", ...args, "--auto-approve", ...deployFlags()], { env });

export function deploy(stack: StackName | string, label: string, env?: Record<string, string>, app?: OtherApp): string {
  const out = cdktf(["deploy", stack, ...appArgs(app)], env, label, app);
  stateIsPrivate(stack, label, app);
  return out;
}

export function destroy(stack: StackName | string, label: string, env?: Record<string, string>, app?: OtherApp): void {
  cdktf(["destroy", stack, ...appArgs(app)], env, label, app);
  stateIsPrivate(stack, label, app);
}

/**
 * Where a stack's state lives: privateLocalState puts it in STATE_DIR beside the app's output folder
 * (the checkout's state/ for main.ts, .e2e/state/ for the e2e's own apps, which write to .e2e/<name>.out).
 */
const stateDir = (app?: OtherApp) => path.join(projectDirOf(path.resolve(ROOT, app?.out ?? "cdktf.out")), STATE_DIR);

/** A stack's state file holds resources: an earlier run's leftovers to destroy. */
export function hasResources(stack: string, app?: OtherApp): boolean {
  const file = path.join(stateDir(app), `terraform.${stack}.tfstate`);
  return existsSync(file) && /"resources": \[\s*\{/.test(readFileSync(file, "utf8"));
}

/** `npm run <command> -- <stack> ...args` (scripts/workbench.sh), as a user types it; checks the state stayed private. */
export function workbench(
  command: "rotate" | "purge",
  stack: StackName,
  label: string,
  args: string[] = [],
  env?: Record<string, string>,
): string {
  const out = step(label, "npm", ["run", "--silent", command, "--", stack, ...args], { env });
  stateIsPrivate(stack, label);
  return out;
}

/** Counts the state checks, for the figures. */
export const stateChecks = { count: 0 };

/**
 * A stack's state holds its tokens and secrets: after every command the state folder is the owner's
 * only (0700) and the state file and its backup, where they exist, are 0600.
 */
export function stateIsPrivate(stack: string, after: string, app?: OtherApp): void {
  const mode = (file: string) => (statSync(file).mode & 0o777).toString(8);
  const dir = stateDir(app);
  if (mode(dir) !== "700") fail(`after ${after}: ${path.relative(ROOT, dir)}/ is mode ${mode(dir)}, not 700`);
  for (const file of [`terraform.${stack}.tfstate`, `terraform.${stack}.tfstate.backup`].map((f) => path.join(dir, f))) {
    if (existsSync(file) && mode(file) !== "600") fail(`after ${after}: ${path.relative(ROOT, file)} is mode ${mode(file)}, not 600`);
  }
  stateChecks.count++;
}

export function output(stack: StackName | string, name: string, app?: OtherApp): string {
  return capture("terraform", [`-chdir=${stackDir(stack, app)}`, "output", "-raw", name]);
}

/** Synthesizes an app into its output folder (no deploy): what a plan of it then compares against the state. */
export function synthesize(app: OtherApp, label: string): void {
  const [command, ...args] = app.command.split(" ");
  step(label, command, args, { env: { CDKTF_OUTDIR: app.out } });
}

/** Counts the plans checked, for the figures. */
export const plans = { clean: 0 };

/**
 * A plan right after a deploy must be empty: exit 0. Exit 2 prints the
 * resources and attributes that differ and fails the run.
 */
export function planIsClean(stack: StackName | string, after: string, app?: OtherApp): void {
  const { status, output: plan } = attempt(`plan-after-${after}`, "terraform", [
    `-chdir=${stackDir(stack, app)}`,
    "plan",
    "-detailed-exitcode",
    "-input=false",
    "-no-color",
    "-lock=false",
  ]);
  if (status !== 0) {
    const diff = plan
      .split("\n")
      .filter((l) => /^\s+[#~+-] |Plan:/.test(l))
      .slice(0, 60)
      .join("\n");
    process.stderr.write(`${diff || plan.split("\n").slice(-40).join("\n")}\n`);
    fail(`terraform plan after ${after} is not empty (exit ${status})`);
  }
  plans.clean++;
  log(`plan after ${after}: no changes`);
}

/** The stacks the e2e deploys; Docker objects named after them belong to an e2e run. */
const E2E_STACKS = /^((cluster|local|lines|hosts|aws)-stack|upgrade-(cluster|local))-/;

/**
 * Leftovers of an interrupted run would make deploys clash. What this checkout's state knows is
 * destroyed through Terraform; what another checkout's failed run left (CI clones afresh, and
 * keeps no state) is removed from the engine by name: containers, networks and the masters'
 * recovery volumes (a master recovering a gone deployment waits for its workers before scheduling).
 * Other volumes stay: a deploy reuses them, and they may hold someone's notebooks and bucket data.
 */
export function destroyLeftovers(): void {
  for (const stack of ["cluster-stack", "local-stack"] as StackName[]) {
    if (hasResources(stack)) destroy(stack, `destroy-leftover-${stack}`);
  }
  removeStrays("engine");
}

/** Removes the e2e stacks' containers, networks and recovery volumes from the engine at `dockerHost` (default: this one). */
export function removeStrays(label: string, dockerHost?: string): void {
  const docker = (args: string[]) => capture("docker", [...(dockerHost ? ["-H", dockerHost] : []), ...args]);
  const kinds: [string, string[], string[], RegExp?][] = [
    ["containers", ["ps", "-a", "--format", "{{.Names}}"], ["rm", "-f"]],
    ["networks", ["network", "ls", "--format", "{{.Name}}"], ["network", "rm"]],
    ["recovery volumes", ["volume", "ls", "--format", "{{.Name}}"], ["volume", "rm"], /-recovery$/],
  ];
  for (const [kind, list, remove, only] of kinds) {
    const strays = docker(list)
      .split("\n")
      .filter((n) => E2E_STACKS.test(n) && (!only || only.test(n)));
    if (!strays.length) continue;
    log(`${label}: removing ${kind} an earlier run left: ${strays.join(" ")}`);
    docker([...remove, ...strays]);
  }
}
