import { ContainerConfig, ContainerHealthcheck, containerVolumesToTerraform } from "@cdktf/provider-docker/lib/container";
import { ITerraformDependable, Lazy, TerraformProvider } from "cdktf";
import { IConstruct } from "constructs";
import type { HostEntry, IDockerNetwork, VolumeMount } from "../docker-types";
import { SparkConfigError } from "../errors";
import { DAEMON_CDS_ENV } from "./class-data-sharing";
import { SPARK_DEFAULTS_PATH, mergeProperties, renderSparkDefaults } from "./spark-conf";
import { SparkProperties } from "../spark-properties";

/** The user every Spark-side container runs as: the apache/spark images' own "spark" user. */
export const SPARK_USER = "185:185";

export interface FenceOptions {
  /** "uid:gid" to run as. */
  readonly user: string;
  readonly memoryMb: number;
  readonly cpus: number;
  /** Capabilities to keep, as Docker reads them back ("CAP_CHOWN"). @default none */
  readonly capabilities?: string[];
  /** Yield the CPU to other containers while the host is busy (a lower cpu_shares weight). @default false */
  readonly background?: boolean;
}

/** Docker's default CPU weight is 1024: a background container gets a quarter of a normal one's share under contention, all of an idle host. */
const BACKGROUND_CPU_SHARES = 256;

/**
 * What every container of the library runs under: its own user, no privilege
 * escalation, no capabilities but those named, memory and CPU caps. Written
 * the way the provider reads them back: swap -1 (Docker stores 2 x memory
 * when it is left out, which diffs forever), CPU as period and quota.
 */
export function containerFence(
  options: FenceOptions,
): Pick<ContainerConfig, "user" | "securityOpts" | "capabilities" | "memory" | "memorySwap" | "cpuPeriod" | "cpuQuota" | "cpuShares"> {
  return {
    user: options.user,
    securityOpts: ["no-new-privileges"],
    capabilities: { drop: ["ALL"], add: options.capabilities },
    memory: options.memoryMb,
    memorySwap: -1,
    cpuPeriod: 100_000,
    cpuQuota: Math.round(options.cpus * 100_000),
    cpuShares: options.background ? BACKGROUND_CPU_SHARES : undefined,
  };
}

/** The parts every Spark-side container shares. */
export interface SparkContainerOptions {
  readonly name: string;
  readonly image: string;
  /** A Docker network, or "host": the host's own network (a role at a host's address, see SparkHost). */
  readonly network: IDockerNetwork | "host";
  /** The Docker host's provider. @default the stack's default */
  readonly provider?: TerraformProvider;
  /** Extra /etc/hosts entries. */
  readonly hosts?: HostEntry[];
  /** The container's host name. @default Docker's (the container id; the host's on its network) */
  readonly hostname?: string;
  /** Uploaded as the container's spark-defaults.conf; omit when a volume provides it. */
  readonly properties?: SparkProperties;
  readonly env?: readonly string[];
  readonly healthcheck: ContainerHealthcheck;
  readonly volumes?: readonly VolumeMount[];
  readonly dependsOn?: readonly ITerraformDependable[];
  /** Caps for this container, already validated (see limitsOf). */
  readonly memoryMb: number;
  readonly cpus: number;
  /** A Spark daemon (master, worker, history server): its JVM gets DAEMON_JAVA_OPTS. @default false */
  readonly daemon?: boolean;
  /** Not on the way to a first job: yields the CPU to master, workers and drivers while the host is busy. @default false */
  readonly background?: boolean;
  /** What the role's user adds (addEnvironment, addVolume, addSparkProperties), on top of the above. */
  readonly additions?: ContainerAdditions;
}

/**
 * Environment variables and volumes a user adds to a role's container through
 * the role's addEnvironment and addVolume, on top of what the library sets,
 * which they may not replace: the library's own variables (credentials, the
 * public DNS, JVM options) and mounts (configuration, data, event logs) stay.
 * Read when the stack is synthesized, so additions made after construction count.
 */
export class ContainerAdditions {
  private readonly env = new Map<string, string>();
  private readonly volumes: VolumeMount[] = [];
  private readonly properties: Record<string, string> = {};
  private base: { env: readonly string[]; paths: readonly string[] } = { env: [], paths: [] };

  constructor(private readonly owner: IConstruct) {}

  public addEnvironment(name: string, value: string): void {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw new SparkConfigError(
        this.owner,
        `environment variable name "${name}" is not valid.`,
        `Use letters, digits and "_", not starting with a digit.`,
      );
    }
    if (this.base.env.some((e) => e.startsWith(`${name}=`))) {
      throw new SparkConfigError(
        this.owner,
        `environment variable ${name} is set by the library (its value is what the role needs to work).`,
        `Use another name, or the prop that sets it.`,
      );
    }
    if (this.env.has(name)) throw new SparkConfigError(this.owner, `environment variable ${name} is added twice.`, `Add it once.`);
    this.env.set(name, value);
  }

  public addVolume(mount: VolumeMount): void {
    const path = mount.containerPath.replace(/\/+$/, "");
    if (!path.startsWith("/"))
      throw new SparkConfigError(
        this.owner,
        `volume containerPath "${mount.containerPath}" is not an absolute path.`,
        `Use a path such as "/data/reference".`,
      );
    if ((mount.volumeName === undefined) === (mount.hostPath === undefined)) {
      throw new SparkConfigError(
        this.owner,
        `volume at ${mount.containerPath} needs exactly one of volumeName and hostPath.`,
        `Set volumeName (a Docker volume) or hostPath (a folder of the Docker host).`,
      );
    }
    const taken = [...this.base.paths, ...this.volumes.map((v) => v.containerPath)];
    const over = taken.find((t) => t === path || t.startsWith(`${path}/`) || path.startsWith(`${t}/`));
    if (over) {
      throw new SparkConfigError(
        this.owner,
        `volume at ${mount.containerPath} would cover or sit inside ${over}, which the role already mounts or is configured by.`,
        `Mount it elsewhere, e.g. under /data.`,
      );
    }
    this.volumes.push({ ...mount, containerPath: path });
  }

  public addSparkProperties(properties: Record<string, string>): void {
    for (const [key, value] of Object.entries(properties)) {
      if (!/^[A-Za-z0-9_.-]+$/.test(key)) {
        throw new SparkConfigError(
          this.owner,
          `Spark property name "${key}" is not valid.`,
          `Use a Spark property name such as "spark.sql.shuffle.partitions".`,
        );
      }
      if (/[\r\n]/.test(value)) {
        throw new SparkConfigError(
          this.owner,
          `Spark property ${key} has a line break in its value, which would end it in spark-defaults.conf.`,
          `Give it a one-line value.`,
        );
      }
      if (key in this.properties && this.properties[key] !== value) {
        throw new SparkConfigError(
          this.owner,
          `Spark property ${key} is added twice, as ${this.properties[key]} and ${value}.`,
          `Add it once.`,
        );
      }
      this.properties[key] = value;
    }
  }

  /** @internal spark-defaults.conf of `base` and, rendered at synth, the properties the user added (which win, as sparkProperties do). */
  public _sparkDefaults(base: SparkProperties): string {
    return Lazy.stringValue({ produce: () => renderSparkDefaults(mergeProperties(base, this.properties)) });
  }

  /** @internal The role's own settings, and Lazy values that add the user's at synth. */
  public _bind(env: readonly string[], volumes: readonly VolumeMount[], paths: readonly string[]) {
    this.base = { env, paths: [...paths, ...volumes.map((v) => v.containerPath)] };
    return {
      env: Lazy.listValue({
        produce: () => {
          const all = [...env, ...[...this.env].map(([k, v]) => `${k}=${v}`)];
          return all.length ? all : undefined;
        },
      }),
      volumes: Lazy.anyValue({
        produce: () => {
          const all = [...volumes, ...this.volumes];
          // A Lazy value skips the binding's conversion to Terraform's names (container_path, ...).
          return all.length ? all.map((v) => containerVolumesToTerraform({ ...v })) : undefined;
        },
      }),
    };
  }
}

/**
 * JVM options of the Spark daemons: only the quick C1 compiler. They route
 * messages and serve UIs while executors do the work, and C2 compiling their
 * start-up code doubled the CPU a master needs to start (7.8 s against 3.8 s
 * measured), time every other JVM on a small host waited for. And, as every
 * Spark JVM, the image's class-data-sharing archive (class-data-sharing.ts).
 */
const DAEMON_JAVA_OPTS = `-XX:TieredStopAtLevel=1 ${DAEMON_CDS_ENV.javaOpts}`;

/** Where spark-defaults.conf lives (uploaded or a volume): no user volume may cover it. */
const SPARK_CONF_DIR = SPARK_DEFAULTS_PATH.replace(/\/[^/]+$/, "");

/**
 * Container settings common to master, workers, history server, JupyterLab
 * and the Connect server: one network, its own spark-defaults.conf uploaded
 * at deploy, restart after crashes and reboots, a health check other
 * containers wait on, and fenced as the spark user.
 */
export function sparkContainer(options: SparkContainerOptions): Omit<ContainerConfig, "command" | "ports"> {
  const env = [...(options.env ?? []), ...(options.daemon ? [`SPARK_DAEMON_JAVA_OPTS=${DAEMON_JAVA_OPTS}`, DAEMON_CDS_ENV.classPath] : [])];
  return {
    provider: options.provider,
    name: options.name,
    image: options.image,
    restart: "unless-stopped",
    ...(options.network === "host" ? { networkMode: "host" } : { networksAdvanced: [{ name: options.network.name }] }),
    host: options.hosts?.length ? options.hosts.map((h) => ({ ...h })) : undefined,
    hostname: options.hostname,
    ...(options.additions
      ? options.additions._bind(env, options.volumes ?? [], [SPARK_CONF_DIR])
      : { env: env.length ? env : undefined, volumes: options.volumes?.length ? options.volumes.map((v) => ({ ...v })) : undefined }),
    upload: options.properties
      ? [
          {
            file: SPARK_DEFAULTS_PATH,
            content: options.additions ? options.additions._sparkDefaults(options.properties) : renderSparkDefaults(options.properties),
          },
        ]
      : undefined,
    healthcheck: options.healthcheck,
    dependsOn: options.dependsOn ? [...options.dependsOn] : undefined,
    wait: true,
    // A background role yields the CPU while the host is busy, so on a saturated host (several clusters
    // starting at once on 2 cores) it is healthy minutes after the others: it gets longer before the deploy fails.
    waitTimeout: options.background ? 420 : 180,
    ...containerFence({ user: SPARK_USER, memoryMb: options.memoryMb, cpus: options.cpus, background: options.background }),
  };
}

/**
 * A duration in the form the docker provider reads back (Go's
 * time.Duration.String(): "5s", "1m0s", "1h0m0s"), so a plan after an apply
 * shows no change. Writing "60s" would be normalized to "1m0s" and diff forever.
 */
export function goDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h) return `${h}h${m}m${s}s`;
  if (m) return `${m}m${s}s`;
  return `${s}s`;
}

/**
 * `command`, started once `endpoint` accepts TCP connections (polled with
 * bash's /dev/tcp every 0.2 s). A worker whose first registration fails
 * retries only 5 to 15 s later, and a driver 20 s later: starting their JVM
 * when the master listens is what lets them start beside it instead of
 * waiting for its health check.
 */
export function startWhenReachable(endpoint: { host: string; port: number }, command: string[]): string[] {
  return [
    "/bin/bash",
    "-c",
    'until (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; do sleep 0.2; done; shift 2; exec "$@"',
    "wait-for",
    endpoint.host,
    String(endpoint.port),
    ...command,
  ];
}

/** A health check using wget, which the apache/spark images ship (curl they do not). */
export function httpHealthcheck(url: string): ContainerHealthcheck {
  return commandHealthcheck(["CMD", "wget", "-q", "-O", "/dev/null", url]);
}

/** A health check running `test` every few seconds, with time to start. */
export function commandHealthcheck(test: string[]): ContainerHealthcheck {
  // Every duration set, start_interval included: the provider reads all of them back.
  // Every 2 s: nothing waits on health while starting (see ClusterAttachment.dependsOn) but the deploy's
  // return, and Docker before 25 ignores start_interval, so the interval is what a deploy waits beyond readiness.
  return { test, interval: goDuration(2), timeout: goDuration(3), retries: 15, startPeriod: goDuration(60), startInterval: goDuration(0) };
}
