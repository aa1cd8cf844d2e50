/**
 * The docker-compose twin of a deployed stack, for bench:deploy: written from
 * Terraform's own state (`terraform show -json`), so both start the same
 * containers from the same images with the same commands, environment,
 * configuration files, health checks, limits and start order.
 */
import { mkdirSync, writeFileSync } from "fs";
import * as path from "path";

interface StateResource {
  address: string;
  type: string;
  values: any;
  depends_on?: string[];
}

/** Compose interpolates $VAR in every value: $$ is a literal dollar. */
const literal = (value: string) => value.replace(/\$/g, "$$$$");

/** "1m0s" → "60s": the docker provider writes Go durations, compose 1.29 reads seconds. */
function seconds(goDuration: string): string {
  const match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(goDuration);
  if (!match) throw new Error(`unexpected duration ${goDuration}`);
  const [h, m, s] = match.slice(1).map((x) => Number(x ?? 0));
  return `${h * 3600 + m * 60 + s}s`;
}

/**
 * Writes `<dir>/docker-compose.json` (compose reads JSON as YAML) and the
 * files Terraform uploads into containers, which compose bind-mounts instead
 * (a one-shot container copies them into its volume, as its upload did).
 */
export function composeFromState(state: any, dir: string): string {
  const resources: StateResource[] = state.values.root_module.resources;
  const containers = resources.filter((r) => r.type === "docker_container");
  const managedVolumes = new Set(resources.filter((r) => r.type === "docker_volume").map((r) => r.values.name));
  const byAddress = new Map<string, StateResource[]>();
  for (const c of containers) {
    const base = c.address.replace(/\[.*\]$/, "");
    byAddress.set(base, [...(byAddress.get(base) ?? []), c]);
  }

  const services: Record<string, any> = {};
  const volumes: Record<string, any> = {};
  const networks: Record<string, any> = {};
  for (const c of containers) {
    const v = c.values;
    const oneShot = !v.must_run;
    const mounts: string[] = [];
    for (const vol of v.volumes ?? []) {
      const source = vol.volume_name || vol.host_path;
      if (vol.volume_name) volumes[source] = managedVolumes.has(source) ? { name: source } : { name: source, external: true };
      mounts.push(`${source}:${vol.container_path}${vol.read_only ? ":ro" : ""}`);
    }
    const copies: string[] = [];
    (v.upload ?? []).forEach((u: any, i: number) => {
      const file = path.join(dir, "files", v.name, String(i));
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, u.content, { mode: 0o644 });
      if (oneShot) {
        mounts.push(`${file}:/bench-upload/${i}:ro`);
        copies.push(`cp /bench-upload/${i} ${u.file}`);
      } else {
        mounts.push(`${file}:${u.file}:ro`);
      }
    });
    const dependsOn: Record<string, { condition: string }> = {};
    for (const address of c.depends_on ?? []) {
      for (const target of byAddress.get(address) ?? []) {
        const t = target.values;
        dependsOn[t.name] = { condition: !t.must_run ? "service_completed_successfully" : t.wait ? "service_healthy" : "service_started" };
      }
    }
    for (const n of v.networks_advanced ?? []) networks[n.name] = { name: n.name };
    const health = v.healthcheck?.[0];
    const capabilities = v.capabilities?.[0];
    services[v.name] = {
      image: v.image,
      container_name: v.name,
      user: v.user || undefined,
      entrypoint: copies.length ? ["/bin/sh", "-c"] : v.entrypoint?.map(literal),
      command: copies.length ? [literal(copies.join(" && "))] : v.command?.map(literal),
      environment: v.env?.map(literal),
      ports: (v.ports ?? []).map((p: any) => `${p.ip}:${p.external}:${p.internal}`),
      volumes: mounts,
      // No network in Terraform means Docker's default bridge, not a new project network.
      ...(v.networks_advanced?.length ? { networks: v.networks_advanced.map((n: any) => n.name) } : { network_mode: "bridge" }),
      restart: oneShot ? "no" : v.restart,
      healthcheck: health
        ? {
            test: health.test.map(literal),
            interval: seconds(health.interval),
            timeout: seconds(health.timeout),
            retries: health.retries,
            start_period: seconds(health.start_period),
          }
        : undefined,
      mem_limit: v.memory ? `${v.memory}m` : undefined,
      memswap_limit: v.memory_swap || undefined,
      cpu_period: v.cpu_period || undefined,
      cpu_quota: v.cpu_quota || undefined,
      cpu_shares: v.cpu_shares || undefined,
      security_opt: v.security_opts?.length ? v.security_opts : undefined,
      cap_drop: capabilities?.drop?.length ? capabilities.drop : undefined,
      cap_add: capabilities?.add?.length ? capabilities.add : undefined,
      depends_on: Object.keys(dependsOn).length ? dependsOn : undefined,
    };
  }
  const file = path.join(dir, "docker-compose.json");
  writeFileSync(file, JSON.stringify({ version: "2.4", services, volumes, networks }, null, 2));
  return file;
}
