import { ContainerConfig, ContainerHealthcheck } from "@cdktf/provider-docker/lib/container";
import { ITerraformDependable } from "cdktf";
import { SPARK_DEFAULTS_PATH, SparkProperties, renderSparkDefaults } from "./spark-conf";

/** A Docker network, as a `docker_network` resource or data source gives it. */
export interface DockerNetwork {
  /** The network's name. */
  readonly name: string;
}

/** A named volume (or host folder) mounted into a container. */
export interface VolumeMount {
  readonly volumeName?: string;
  readonly hostPath?: string;
  readonly containerPath: string;
  readonly readOnly?: boolean;
}

/** The user every Spark-side container runs as: the apache/spark images' own "spark" user. */
export const SPARK_USER = "185:185";

/** Memory and CPU one container may use. */
export interface ResourceLimits {
  /** Memory cap, like "1536m" or "4g". */
  readonly memory?: string;
  /** CPU cap in cores, e.g. 1 or 0.5. */
  readonly cpus?: number;
}

export interface FenceOptions {
  /** "uid:gid" to run as. */
  readonly user: string;
  readonly memoryMb: number;
  readonly cpus: number;
  /** Capabilities to keep, as Docker reads them back ("CAP_CHOWN"). @default none */
  readonly capabilities?: string[];
}

/**
 * What every container of the library runs under: its own user, no privilege
 * escalation, no capabilities but those named, memory and CPU caps. Written
 * the way the provider reads them back: swap -1 (Docker stores 2 x memory
 * when it is left out, which diffs forever), CPU as period and quota.
 */
export function fenced(options: FenceOptions): Pick<ContainerConfig, "user" | "securityOpts" | "capabilities" | "memory" | "memorySwap" | "cpuPeriod" | "cpuQuota"> {
  return {
    user: options.user,
    securityOpts: ["no-new-privileges"],
    capabilities: { drop: ["ALL"], add: options.capabilities },
    memory: options.memoryMb,
    memorySwap: -1,
    cpuPeriod: 100_000,
    cpuQuota: Math.round(options.cpus * 100_000),
  };
}

/** The parts every Spark-side container shares. */
export interface SparkContainerOptions {
  readonly name: string;
  readonly image: string;
  readonly network: DockerNetwork;
  /** Uploaded as the container's spark-defaults.conf; omit when a volume provides it. */
  readonly properties?: SparkProperties;
  readonly env?: readonly string[];
  readonly healthcheck: ContainerHealthcheck;
  readonly volumes?: readonly VolumeMount[];
  readonly dependsOn?: readonly ITerraformDependable[];
  /** Caps for this container, already validated (see limitsOf). */
  readonly memoryMb: number;
  readonly cpus: number;
}

/**
 * Container settings common to master, workers, history server, JupyterLab
 * and the Connect server: one network, its own spark-defaults.conf uploaded
 * at deploy, restart after crashes and reboots, a health check other
 * containers wait on, and fenced as the spark user.
 */
export function sparkContainer(options: SparkContainerOptions): Omit<ContainerConfig, "command" | "ports"> {
  return {
    name: options.name,
    image: options.image,
    restart: "unless-stopped",
    networksAdvanced: [{ name: options.network.name }],
    env: options.env ? [...options.env] : undefined,
    upload: options.properties ? [{ file: SPARK_DEFAULTS_PATH, content: renderSparkDefaults(options.properties) }] : undefined,
    volumes: options.volumes?.length ? options.volumes.map((v) => ({ ...v })) : undefined,
    healthcheck: options.healthcheck,
    dependsOn: options.dependsOn ? [...options.dependsOn] : undefined,
    wait: true,
    waitTimeout: 180,
    ...fenced({ user: SPARK_USER, memoryMb: options.memoryMb, cpus: options.cpus }),
  };
}

/**
 * A duration in the form the docker provider reads back (Go's
 * time.Duration.String(): "5s", "1m0s", "1h0m0s"), so a plan after an apply
 * shows no change. Writing "60s" would be normalized to "1m0s" and diff forever.
 */
export function duration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h) return `${h}h${m}m${s}s`;
  if (m) return `${m}m${s}s`;
  return `${s}s`;
}

/** A health check using wget, which the apache/spark images ship (curl they do not). */
export function httpHealthcheck(url: string): ContainerHealthcheck {
  return commandHealthcheck(["CMD", "wget", "-q", "-O", "/dev/null", url]);
}

/** A health check running `test` every few seconds, with time to start. */
export function commandHealthcheck(test: string[]): ContainerHealthcheck {
  // Every duration set, start_interval included: the provider reads all of them back.
  return { test, interval: duration(5), timeout: duration(3), retries: 5, startPeriod: duration(60), startInterval: duration(0) };
}
