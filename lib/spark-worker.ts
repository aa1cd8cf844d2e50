import { TerraformIterator } from "cdktf";
import { Construct } from "constructs";
import { ISparkCluster } from "./cluster";
import { SparkConfigError } from "./errors";
import { PublishProps, claimHostPorts, hostIpFor } from "./host-ports";
import { claim, uniqueName } from "./private/names";
import { mergeProperties } from "./private/spark-conf";
import { httpHealthcheck, startWhenReachable } from "./private/spark-container";
import { SparkRoleConstruct } from "./spark-role";
import { SparkHost, hostKeyOf } from "./spark-host";
import { ISparkImage, requireSameImage } from "./spark-image";
import { Duration } from "./duration";
import { Size } from "./size";
import { memoryMb, requireDockerName, requireDuration, requireInt, requirePort, requireSize } from "./private/validate";

// The worker daemon's own JVM (1g heap by default, plus what a JVM uses beside its heap).
const DAEMON_MB = 1536;
// Spark's minimum off-heap overhead per executor (spark.executor.memoryOverhead).
const EXECUTOR_OVERHEAD_MB = 384;

/** A SparkWorker's settings but its cluster, as a workbench takes them. */
export interface SparkWorkerOptions extends PublishProps {
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
   * Memory each worker offers to executors (--memory), e.g. Size.gibibytes(2).
   * Must fit the cluster's executor memory, or jobs wait forever for resources.
   * The container's cap is this plus the daemon's JVM and each possible
   * executor's overhead; its CPU cap is cores + 1 (for the daemon).
   * @default Size.gibibytes(1)
   */
  readonly memory?: Size;
  /**
   * Web UI port of the first worker; worker i uses uiPortBase + i - 1, inside
   * the container and on the host, so the master UI's links work and no two
   * workers share a port.
   * @default 8081
   */
  readonly uiPortBase?: number;
  /**
   * In a cluster spanning hosts, the RPC port of the first worker on its
   * host's address (the master calls it to launch executors); worker i uses
   * rpcPortBase + i - 1. On the cluster's Docker network each worker takes a
   * free port of its own: a worker restarted at its predecessor's address
   * while the master recovers can take the predecessor's recovery message and
   * stay unregistered.
   * @default 7078
   */
  readonly rpcPortBase?: number;
  /**
   * The Docker host the workers run on, for a cluster spanning hosts (the
   * master has an address). There each worker runs on the host's network and
   * binds its RPC, UI and executors' ports to the host's address only; the
   * Spark image is built on that host too. The master's Spark version is the
   * one every host runs.
   * @default the master's host: on the cluster's Docker network, or, when the
   *   master has an address, on this host's network at that address
   */
  readonly host?: SparkHost;
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
   * @default Duration.days(1)
   */
  readonly workDirTtl?: Duration;
}

export interface SparkWorkerProps extends SparkWorkerOptions {
  /** The cluster these workers register with; they share its image, network, bucket and secret. */
  readonly master: ISparkCluster;
}

const WORK_DIR = "/opt/spark/work-dir/worker";

/**
 * N standalone workers, each with explicit cores and memory and its own UI
 * port. One docker_container with for_each: adding workers adds map keys and
 * leaves running workers (and the master) alone.
 */
export class SparkWorker extends SparkRoleConstruct {
  /** Container names, worker 1 first. */
  public readonly names: string[];
  /** Each worker's web UI as seen from the host. */
  public readonly uiUrls: string[];

  constructor(scope: Construct, id: string, props: SparkWorkerProps) {
    super(scope, id);
    const { master } = props;
    const count = requireInt(this, "count", props.count ?? 2);
    const cores = requireInt(this, "cores", props.cores ?? 1);
    const memorySize = props.memory ?? Size.gibibytes(1);
    const memory = requireSize(this, "memory", memorySize);
    const offered = memoryMb(memory);
    const asked = master.executorMemory.toMebibytes();
    if (offered < asked) {
      throw new SparkConfigError(
        this,
        `memory ${memory} is less than the cluster's executor memory ${master.executorMemory.toSparkString()}, so no executor could ever start ("Initial job has not accepted any resources").`,
        `Raise memory or lower the master's executorMemory.`,
      );
    }
    const cluster = master.attach(this, {
      runsExecutors: true,
      host: props.host,
      executorSlots: count * cores,
      offersExecutorMemory: memorySize,
    });
    const { placement } = cluster;
    const given = props.image ?? cluster.image;
    requireSameImage(this, given, cluster.image);
    const image = placement?.provider ? given.onHost(placement.provider) : given;
    const workDirTtl = props.workDirTtl ?? Duration.days(1);
    requireDuration(this, "workDirTtl", workDirTtl);
    const ttl = workDirTtl.toSeconds();
    const uiPortBase = requirePort(this, "uiPortBase", props.uiPortBase ?? 8081);
    // Across hosts a worker's RPC port is its host's, fixed; on the cluster's Docker network each takes a free one.
    let rpcPortBase: number | undefined;
    if (placement) {
      rpcPortBase = requirePort(this, "rpcPortBase", props.rpcPortBase ?? 7078);
      requirePort(this, `rpcPortBase + count - 1`, rpcPortBase + count - 1);
    } else if (props.rpcPortBase !== undefined) {
      throw new SparkConfigError(
        this,
        `rpcPortBase only applies to workers of a cluster spanning hosts; here each worker takes a free port of its own.`,
        `Remove rpcPortBase, or give the master an address.`,
      );
    }
    if (placement && props.hostIp !== undefined) {
      throw new SparkConfigError(
        this,
        `hostIp is given, but workers of a cluster spanning hosts publish nothing: they bind to their host's address (${placement.address}).`,
        `Remove hostIp.`,
      );
    }
    // On a host's network the worker's own address is what it binds, advertises and links its UI with.
    const hostIp = placement ? placement.address : hostIpFor(this, props.hostIp ?? cluster.hostIp);
    const prefix = requireDockerName(this, "namePrefix", props.namePrefix ?? uniqueName(this));

    const workers: Record<string, { name: string; port: number; rpc?: number }> = {};
    const ports: Record<string, number> = {};
    for (let i = 1; i <= count; i++) {
      workers[String(i)] = {
        name: `${prefix}-${i}`,
        port: uiPortBase + i - 1,
        ...(rpcPortBase !== undefined ? { rpc: rpcPortBase + i - 1 } : {}),
      };
      ports[`uiPortBase (worker ${i})`] = uiPortBase + i - 1;
      if (rpcPortBase !== undefined) ports[`rpcPortBase (worker ${i})`] = rpcPortBase + i - 1;
      claim(this, "container name", `${prefix}-${i}`, `namePrefix (worker ${i})`, hostKeyOf(placement));
    }
    claimHostPorts(this, ports, hostKeyOf(placement));
    this.names = Object.values(workers).map((w) => w.name);
    this.uiUrls = Object.values(workers).map((w) => `http://${hostIp}:${w.port}`);

    const each = TerraformIterator.fromMap(workers);
    const name = each.getString("name");
    const port = each.getString("port");
    const bind = placement ? placement.address : name;
    const env = placement
      ? // Spark binds its UI to SPARK_LOCAL_IP (else every interface) and links it as SPARK_PUBLIC_DNS.
        [
          `SPARK_PUBLIC_DNS=${placement.address}`,
          `SPARK_LOCAL_IP=${placement.address}`,
          ...cluster.env.filter((e) => !e.startsWith("SPARK_PUBLIC_DNS=")),
        ]
      : cluster.env;
    this._container(
      "container",
      {
        name,
        image: image.imageName,
        provider: placement?.provider,
        network: placement ? "host" : cluster.network,
        // Spark looks up its own host name (InetAddress.getLocalHost) and fails if nothing resolves it:
        // on a host's network the container's name is its host name, and the address is what it resolves to.
        hostname: placement ? name : undefined,
        hosts: placement ? [...cluster.crossHost!.hosts, { host: name, ip: placement.address }] : undefined,
        env,
        properties: mergeProperties(
          {
            "spark.worker.cleanup.enabled": "true",
            "spark.worker.cleanup.appDataTtl": String(ttl),
          },
          cluster.sparkProperties,
        ),
        daemon: true,
        healthcheck: httpHealthcheck(`http://${placement ? placement.address : "127.0.0.1"}:${port}/`),
        volumes: cluster.volumes,
        // The image on the worker's own host, and what the cluster's roles wait for (never its image elsewhere).
        dependsOn: placement?.provider ? [image, ...cluster.dependsOn.filter((d) => d !== cluster.image)] : cluster.dependsOn,
        // An executor takes at least one core, so at most `cores` executors share the offered memory.
        memoryMb: offered + cores * Math.max(EXECUTOR_OVERHEAD_MB, Math.ceil(offered * 0.1)) + DAEMON_MB,
        cpus: cores + 1,
      },
      {
        forEach: each,
        command: startWhenReachable(cluster.master, [
          "/opt/spark/bin/spark-class",
          "org.apache.spark.deploy.worker.Worker",
          "--host",
          bind,
          ...(placement ? ["--port", each.getString("rpc")] : []),
          "--cores",
          String(cores),
          "--memory",
          memory,
          "--webui-port",
          port,
          "--work-dir",
          WORK_DIR,
          cluster.masterUrl,
        ]),
        ports: placement ? undefined : [{ internal: each.getNumber("port"), external: each.getNumber("port"), ip: hostIp }],
      },
    );
  }
}
