/** Deploying the shipped stacks as a user does (cdktf), and checking what Terraform thinks afterwards. */
import { existsSync, readFileSync } from "fs";
import * as path from "path";
import { ROOT, attempt, capture, fail, log, step } from "./shell";

export type StackName = "cluster-stack" | "local-stack";

const cdktf = (args: string[], env?: Record<string, string>, name = args.join("-")) =>
  // The flags `npm run up` chose for these providers (--skip-provider-lock with a mirror).
  step(name, "npx", ["--no-install", "cdktf", ...args, "--auto-approve", ...(process.env.WORKBENCH_DEPLOY_FLAGS ?? "").split(" ").filter(Boolean)], { env });

export function deploy(stack: StackName, label: string, env?: Record<string, string>): string {
  return cdktf(["deploy", stack], env, label);
}

export function destroy(stack: StackName, label: string): void {
  cdktf(["destroy", stack], undefined, label);
}

export function output(stack: StackName, name: string): string {
  return capture("terraform", [`-chdir=cdktf.out/stacks/${stack}`, "output", "-raw", name]);
}

/** Counts the plans checked, for the figures. */
export const plans = { clean: 0 };

/**
 * A plan right after a deploy must be empty: exit 0. Exit 2 prints the
 * resources and attributes that differ and fails the run.
 */
export function planIsClean(stack: StackName, after: string): void {
  const { status, output: plan } = attempt(`plan-after-${after}`, "terraform", [
    `-chdir=cdktf.out/stacks/${stack}`, "plan", "-detailed-exitcode", "-input=false", "-no-color", "-lock=false",
  ]);
  if (status !== 0) {
    const diff = plan.split("\n").filter((l) => /^\s+[#~+-] |Plan:/.test(l)).slice(0, 60).join("\n");
    process.stderr.write(`${diff || plan.split("\n").slice(-40).join("\n")}\n`);
    fail(`terraform plan after ${after} is not empty (exit ${status})`);
  }
  plans.clean++;
  log(`plan after ${after}: no changes`);
}

/** Leftovers of an interrupted run would make deploys clash. */
export function destroyLeftovers(): void {
  for (const stack of ["cluster-stack", "local-stack"] as StackName[]) {
    const file = path.join(ROOT, `terraform.${stack}.tfstate`);
    if (existsSync(file) && /"resources": \[\s*\{/.test(readFileSync(file, "utf8"))) destroy(stack, `destroy-leftover-${stack}`);
  }
}
