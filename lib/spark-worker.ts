import { Container } from "@cdktf/provider-docker/lib/container";
import { TerraformIterator } from "cdktf";
import { Construct } from "constructs";
import { ISparkCluster, SparkRole } from "./cluster";
import { SparkConfigError } from "./errors";
import { PublishProps, claimHostPorts, hostIpFor } from "./host-ports";
import { claim, uniqueName } from "./names";
import { mergeProperties } from "./spark-conf";
import { httpHealthcheck, sparkContainer, startWhenReachable } from "./spark-container";
import { ISparkImage } from "./spark-image";
import { memoryMb, requireDockerName, requireInt, requireMemory } from "./validate";

// The worker daemon's own JVM (1g heap by default, plus what a JVM uses beside its heap).
const DAEMON_MB = 1536;
// Spark's minimum off-heap overhead per executor (spark.executor.memoryOverhead).
const EXECUTOR_OVERHEAD_MB = 384;

export interface SparkWorkerProps extends PublishProps {
  /** The cluster these workers register with; they share its image, network, bucket and secret. */
  readonly master: ISparkCluster;
  /**
   * Number of worker containers.
   * @default 2
   */
  readonly count?: number;
  /**
   * Cores each worker offers (--cores). Without it a worker offers every core of the host.
   * @default 1
   */
  readonly cores?: number;
  /**
   * Memory each worker offers to executors (--memory), like "512m" or "2g".
   * Must fit the cluster's executor memory, or jobs wait forever for resources.
   * The container's cap is this plus the daemon's JVM and each possible
   * executor's overhead; its CPU cap is cores + 1 (for the daemon).
   * @default "1g"
   */
  readonly memory?: string;
  /**
   * Web UI port of the first worker; worker i uses uiPortBase + i - 1, inside
   * the container and on the host, so the master UI's links work and no two
   * workers share a port.
   * @default 8081
   */
  readonly uiPortBase?: number;
  /**
   * Container name prefix; worker i is "<namePrefix>-<i>".
   * @default the construct's unique name, e.g. "team-spark-worker"
   */
  readonly namePrefix?: string;
  /**
   * Image to run; must carry the cluster's Spark version.
   * @default the cluster's image
   */
  readonly image?: ISparkImage;
  /**
   * How long a finished application's work directory is kept before the
   * worker deletes it, so disks do not fill.
   * @default 86400 (one day)
   */
  readonly workDirTtlSeconds?: number;
}

const WORK_DIR = "/opt/spark/work-dir/worker";

/**
 * N standalone workers, each with explicit cores and memory and its own UI
 * port. One docker_container with for_each: adding workers adds map keys and
 * leaves running workers (and the master) alone.
 */
export class SparkWorker extends Construct {
  /** Container names, worker 1 first. */
  public readonly names: readonly string[];
  /** Each worker's web UI as seen from the host. */
  public readonly uiUrls: readonly string[];

  constructor(scope: Construct, id: string, props: SparkWorkerProps) {
    super(scope, id);
    const { master } = props;
    const cluster = master.attach(this, SparkRole.WORKER);
    const image = props.image ?? cluster.image;
    if (image.sparkVersion !== master.sparkVersion) {
      throw new SparkConfigError(this, `image runs Spark ${image.sparkVersion} but the master runs ${master.sparkVersion}.`, `Omit image to use the master's, or build both from the same sparkVersion.`);
    }
    const count = requireInt(this, "count", props.count ?? 2);
    const cores = requireInt(this, "cores", props.cores ?? 1);
    const memory = requireMemory(this, "memory", props.memory ?? "1g");
    const offered = memoryMb(memory);
    const asked = memoryMb(master.executorMemory);
    if (offered !== undefined && asked !== undefined && offered < asked) {
      throw new SparkConfigError(this, `memory ${memory} is less than the cluster's executor memory ${master.executorMemory}, so no executor could ever start ("Initial job has not accepted any resources").`, `Raise memory or lower the master's executorMemory.`);
    }
    const ttl = requireInt(this, "workDirTtlSeconds", props.workDirTtlSeconds ?? 86400);
    const uiPortBase = props.uiPortBase ?? 8081;
    const hostIp = hostIpFor(this, props.hostIp ?? cluster.hostIp);
    const prefix = requireDockerName(this, "namePrefix", props.namePrefix ?? uniqueName(this));

    const workers: Record<string, { name: string; port: number }> = {};
    const ports: Record<string, number> = {};
    for (let i = 1; i <= count; i++) {
      workers[String(i)] = { name: `${prefix}-${i}`, port: uiPortBase + i - 1 };
      ports[`uiPortBase (worker ${i})`] = uiPortBase + i - 1;
      claim(this, "container name", `${prefix}-${i}`, `namePrefix (worker ${i})`);
    }
    claimHostPorts(this, ports);
    this.names = Object.values(workers).map((w) => w.name);
    this.uiUrls = Object.values(workers).map((w) => `http://${hostIp}:${w.port}`);

    const each = TerraformIterator.fromMap(workers);
    const name = each.getString("name");
    const port = each.getString("port");
    const container = new Container(this, "container", {
      forEach: each,
      ...sparkContainer({
        name,
        image: image.imageName,
        network: cluster.network,
        env: cluster.env,
        properties: mergeProperties(
          {
            "spark.worker.cleanup.enabled": "true",
            "spark.worker.cleanup.appDataTtl": String(ttl),
          },
          cluster.sparkProperties,
        ),
        daemon: true,
        healthcheck: httpHealthcheck(`http://127.0.0.1:${port}/`),
        volumes: cluster.volumes,
        dependsOn: cluster.dependsOn,
        // An executor takes at least one core, so at most `cores` executors share the offered memory.
        memoryMb: (offered ?? 0) + cores * Math.max(EXECUTOR_OVERHEAD_MB, Math.ceil((offered ?? 0) * 0.1)) + DAEMON_MB,
        cpus: cores + 1,
      }),
      command: startWhenReachable(cluster.master, [
        "/opt/spark/bin/spark-class", "org.apache.spark.deploy.worker.Worker",
        "--host", name, "--cores", String(cores), "--memory", memory,
        "--webui-port", port, "--work-dir", WORK_DIR, cluster.masterUrl,
      ]),
      ports: [{ internal: each.getNumber("port"), external: each.getNumber("port"), ip: hostIp }],
    });
    this.node.defaultChild = container;
  }
}
