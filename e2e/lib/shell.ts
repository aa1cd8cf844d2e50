/** Running commands for the e2e: every step logs to .e2e/logs/<step>.log and shows its tail on failure. */
import { spawn, spawnSync } from "child_process";
import { mkdirSync, writeFileSync } from "fs";
import * as path from "path";

export const ROOT = path.resolve(__dirname, "..", "..");
export const LOGS = path.join(ROOT, ".e2e", "logs");
const started = Date.now();
// "e2e" or "bench": the folder of the script that runs (and the e2e's track, when tracks run side by side).
const NAME = path.basename(path.dirname(require.main?.filename ?? "e2e")) + (process.env.E2E_TRACK ? `/${process.env.E2E_TRACK}` : "");

export function log(message: string): void {
  process.stderr.write(`[${NAME} ${String(Math.round((Date.now() - started) / 1000)).padStart(4)}s] ${message}\n`);
}

export class StepFailed extends Error {}

// eslint-disable-next-line no-control-regex -- the terminal's colour codes are what it matches
const ANSI_COLOUR = /\x1b\[[0-9;]*m/g;

/** Text without the terminal colour codes CLIs (cdktf, Terraform, moto) write. */
export const withoutColour = (text: string): string => text.replace(ANSI_COLOUR, "");

export function fail(message: string): never {
  throw new StepFailed(message);
}

export interface RunOptions {
  readonly env?: Record<string, string>;
  readonly input?: string;
  /** Exit codes that count as success (default: 0). */
  readonly ok?: number[];
  /** Working directory (default: the checkout). */
  readonly cwd?: string;
}

/** Runs a command as a named step; returns its output (stdout + stderr). Fails the run with the log's tail otherwise. */
export function step(name: string, command: string, args: string[], options: RunOptions = {}): string {
  log(name);
  const result = attempt(name, command, args, options);
  if (!(options.ok ?? [0]).includes(result.status)) {
    process.stderr.write(result.output.split("\n").slice(-60).join("\n") + "\n");
    fail(`${name} exited ${result.status} (full log: ${path.join(LOGS, `${name}.log`)})`);
  }
  return result.output;
}

/** Runs a command and returns its exit code and output, logged, without judging it. */
export function attempt(name: string, command: string, args: string[], options: RunOptions = {}): { status: number; output: string } {
  mkdirSync(LOGS, { recursive: true });
  const result = spawnSync(command, args, {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, ...options.env },
    input: options.input,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
  writeFileSync(path.join(LOGS, `${name}.log`), output);
  return { status: result.status ?? 1, output };
}

/** A command's stdout, trimmed; for short queries (docker inspect, terraform output). */
export function capture(command: string, args: string[]): string {
  const result = spawnSync(command, args, { cwd: ROOT, encoding: "utf8" });
  if (result.status !== 0) fail(`${command} ${args.join(" ")}: ${result.stderr}`);
  return result.stdout.trim();
}

/** Starts a command in the background as a named step; resolves with its exit code and output. */
export function background(name: string, command: string, args: string[]): Promise<{ status: number; output: string }> {
  mkdirSync(LOGS, { recursive: true });
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, env: process.env });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("close", (code) => {
      writeFileSync(path.join(LOGS, `${name}.log`), output);
      resolve({ status: code ?? 1, output });
    });
  });
}
