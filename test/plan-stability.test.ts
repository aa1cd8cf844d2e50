import { Testing } from "cdktf";
import { SparkWorkbench } from "../lib";
import { ClusterStack } from "../stacks/cluster-stack";
import { LocalStack } from "../stacks/local-stack";
import { resources, synth, testStack } from "./helpers";

/**
 * The docker provider (3.6.2 and 4.x alike) reads health check durations back
 * with Go's time.Duration.String(): a value written any other way ("60s" for
 * "1m0s") shows as a change in every plan after an apply.
 */
function goDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600),
    m = Math.floor((seconds % 3600) / 60),
    s = seconds % 60;
  return h ? `${h}h${m}m${s}s` : m ? `${m}m${s}s` : `${s}s`;
}
function seconds(value: string): number {
  const match = /^(?:(\d+)h)?(?:(\d+)m)?(\d+)s$/.exec(value);
  if (!match) throw new Error(`"${value}" is not a whole-second Go duration`);
  return Number(match[1] ?? 0) * 3600 + Number(match[2] ?? 0) * 60 + Number(match[3]);
}

describe("values are written the way the provider reads them back", () => {
  const { stack } = testStack();
  new SparkWorkbench(stack, "wb");
  const synthesized = [
    synth(new ClusterStack(Testing.app(), "cluster-stack")),
    synth(new LocalStack(Testing.app(), "local-stack")),
    synth(stack),
  ];
  const healthchecks = synthesized.flatMap((json) =>
    resources(json, "docker_container")
      .filter((c) => c.healthcheck)
      .map((c) => c.healthcheck),
  );

  test("every health check duration is in Go's normalized form, start_interval included", () => {
    expect(healthchecks.length).toBeGreaterThan(10);
    for (const check of healthchecks) {
      for (const field of ["interval", "timeout", "start_period", "start_interval"]) {
        expect(check[field]).toBe(goDuration(seconds(check[field])));
      }
    }
  });

  test("every published port names its bind address, as the provider reads it back", () => {
    const ports = synthesized.flatMap((json) => resources(json, "docker_container").flatMap((c) => c.ports ?? []));
    expect(ports.length).toBeGreaterThan(10);
    expect(ports.every((p) => p.ip === "127.0.0.1")).toBe(true);
  });
});
