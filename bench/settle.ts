/** Shared by the benches: CPU accounting of a stack's containers (figures are taken on a settled stack), medians, the report. */
import { existsSync, readFileSync, writeFileSync } from "fs";
import * as path from "path";
import { capture } from "../e2e/lib/shell";
import { sleep } from "../e2e/lib/wait";

/** CPU seconds each container whose name starts with `prefix` has used so far (cgroup v1 or v2 accounting). */
export function cpuSeconds(prefix: string): Record<string, number> {
  const result: Record<string, number> = {};
  for (const line of capture("docker", ["ps", "-a", "--no-trunc", "--format", "{{.ID}} {{.Names}}"]).split("\n")) {
    const [id, name] = line.split(" ");
    if (!name?.startsWith(prefix)) continue;
    const v1 = `/sys/fs/cgroup/cpuacct/docker/${id}/cpuacct.usage`;
    const v2 = `/sys/fs/cgroup/system.slice/docker-${id}.scope/cpu.stat`;
    if (existsSync(v1)) result[name] = Number(readFileSync(v1, "utf8")) / 1e9;
    else if (existsSync(v2)) result[name] = Number(/usage_usec (\d+)/.exec(readFileSync(v2, "utf8"))?.[1] ?? 0) / 1e6;
  }
  return result;
}

/**
 * Waits (up to two minutes) until those containers together use under a fifth of a core: JVMs keep
 * compiling for a while after they report healthy, and a figure taken then measures them, not the step.
 */
export async function settled(prefix: string): Promise<void> {
  const total = () => Object.values(cpuSeconds(prefix)).reduce((a, b) => a + b, 0);
  for (let waited = 0, before = total(); waited < 120; waited += 3) {
    await sleep(3000);
    const now = total();
    if ((now - before) / 3 < 0.2) return;
    before = now;
  }
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** A bench target: name, measured value, limit, and how both are printed. */
export type Target = [name: string, value: number, limit: number, format: (v: number) => string];

/** Ends `lines` with one `target …: value (limit …) ok|MISS` line per target; writes docs/<file> (targets indented) and prints it. */
export function writeReport(root: string, file: string, lines: string[], targets: Target[]): void {
  for (const [name, value, limit, fmt] of targets)
    lines.push(`target ${name}: ${fmt(value)} (limit ${fmt(limit)}) ${value <= limit ? "ok" : "MISS"}`);
  const text = `${lines.join("\n")}\n`;
  writeFileSync(
    path.join(root, "docs", file),
    text.replace(/^target .*$/gm, (l) => `    ${l}`),
  );
  process.stdout.write(text);
}
