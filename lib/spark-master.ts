import { Construct, IConstruct } from "constructs";
import { ClusterAttachment, ISparkCluster, RoleNeeds } from "./cluster";
import { IDockerNetwork, ResourceLimits } from "./docker-types";
import { PublishProps, claimHostPorts, hostIpFor } from "./host-ports";
import { ClusterPlan } from "./private/cluster-plan";
import { dataVolume } from "./private/docker-volume";
import { containerName } from "./private/names";
import { mergeProperties } from "./private/spark-conf";
import { httpHealthcheck } from "./private/spark-container";
import { limitsOf } from "./private/validate";
import { IS3Connection } from "./s3-connection";
import { Size } from "./size";
import { SparkCatalog } from "./spark-catalog";
import { ISparkImage } from "./spark-image";
import { SparkProperties } from "./spark-properties";
import { SparkRoleConstruct } from "./spark-role";

const RECOVERY_PATH = "/opt/spark/recovery";
const RPC_PORT = 7077;
const UI_PORT = 8080;

/** A master's settings but what it is wired to (image, network, bucket, catalog), as a workbench takes them. */
export interface SparkMasterOptions extends PublishProps {
  /**
   * Container name, also the host name workers and drivers use.
   * @default the construct's unique name, e.g. "team-spark-master"
   */
  readonly name?: string;
  /**
   * Port of the master's RPC endpoint (spark://), on the host and inside the
   * container alike, so the URL it advertises works from every host.
   * @default 7077
   */
  readonly rpcHostPort?: number;
  /**
   * Host port for the master's web UI.
   * @default 8080
   */
  readonly uiHostPort?: number;
  /**
   * Require a shared secret on every Spark RPC connection (spark.authenticate).
   * The secret is generated and given to master, workers, history server and
   * drivers through their spark-defaults.conf, never through the image.
   * @default true
   */
  readonly authenticate?: boolean;
  /**
   * Where drivers write event logs and the history server reads them: a
   * prefix of the cluster's bucket, written `${bucket.uri}/<prefix>` (the
   * prefix is created at deploy), or omitted for a shared named volume. The
   * same as setting spark.eventLog.dir in sparkProperties.
   * @default the named volume "<name>-events" mounted at /opt/spark/events
   */
  readonly eventLogDir?: string;
  /**
   * Cores one application may take across the cluster (spark.cores.max), so a
   * single notebook cannot starve every other job.
   * @default 1
   */
  readonly maxCoresPerApp?: number;
  /**
   * Executor memory applications get unless they ask otherwise (spark.executor.memory).
   * @default Size.mebibytes(512)
   */
  readonly executorMemory?: Size;
  /**
   * Keep event logs on a volume that survives `cdktf destroy`. False creates
   * one that destroy deletes. (Recovery state, which lets a restarted master
   * get its workers back, always lives on a volume that destroy deletes.)
   * @default true
   */
  readonly retainData?: boolean;
  /**
   * This Docker host's address on the network the cluster's hosts share.
   * Setting it lets worker groups run on other Docker hosts (SparkWorker
   * `host`): the master's RPC port, the drivers' call-back ports and a local
   * bucket are published on it too (the UIs stay on hostIp), Spark's network
   * encryption is turned on with the RPC secret (a driver without it is
   * refused), and every worker group runs on its host's network at that
   * host's address, the groups on this host included.
   * @default none: the cluster stays on this host's Docker network
   */
  readonly address?: string;
  /**
   * With an address, how many ports up a fixed port may move when it is taken
   * (spark.port.maxRetries): a host runs at most portRetries + 1 executors at
   * once (the worker groups there may offer that many cores in all), and a
   * JupyterLab at most portRetries + 1 Spark sessions.
   * @default 3
   */
  readonly portRetries?: number;
  /**
   * With an address, the first block manager port of executors
   * (spark.blockManager.port): executors on one host use executorPortBase
   * to executorPortBase + portRetries, on that host's address.
   * @default 7300
   */
  readonly executorPortBase?: number;
  /**
   * Memory and CPU caps of the master container.
   * @default { memory: Size.mebibytes(1536), cpus: 1 }
   */
  readonly resources?: ResourceLimits;
  /**
   * Extra Spark properties for every process of the cluster. They override
   * the library's defaults; checks read the merged result.
   * @default {}
   */
  readonly sparkProperties?: SparkProperties;
}

export interface SparkMasterProps extends SparkMasterOptions {
  /** The Spark image every part of this cluster runs. */
  readonly image: ISparkImage;
  /** Docker network the cluster's containers share. */
  readonly network: IDockerNetwork;
  /**
   * Bucket whose s3a settings and credentials every container of the cluster gets.
   * @default none: s3a paths are not configured
   */
  readonly bucket?: IS3Connection;
  /**
   * The catalog every driver of the cluster shares (notebooks, the Connect
   * server, spark-submit): tables created anywhere are seen everywhere and
   * outlive every container.
   * @default none: each driver's catalog is in memory (tables' files still go to the bucket's warehouse)
   */
  readonly catalog?: SparkCatalog;
}

/**
 * The Spark standalone master: the hub workers register with and drivers
 * submit to. It holds what the whole cluster shares (image, network, bucket,
 * event log location, RPC secret) and hands it to each role that attaches.
 */
export class SparkMaster extends SparkRoleConstruct implements ISparkCluster {
  public readonly sparkVersion: string;
  public readonly masterUrl: string;
  public readonly bucket?: IS3Connection;
  public readonly executorMemory: Size;
  public readonly eventLogDir: string;
  public readonly network: IDockerNetwork;
  /** Container name (also the master's host name on the network). */
  public readonly name: string;
  /** The master's web UI as seen from the host. */
  public readonly uiUrl: string;
  /** The generated RPC secret when authenticate is on (sensitive). */
  public readonly rpcSecret?: string;
  private readonly image: ISparkImage;
  private readonly hostIp: string;
  private readonly plan: ClusterPlan;

  constructor(scope: Construct, id: string, props: SparkMasterProps) {
    super(scope, id);
    this.image = props.image;
    this.sparkVersion = props.image.sparkVersion;
    this.network = props.network;
    this.bucket = props.bucket;
    this.hostIp = hostIpFor(this, props.hostIp);
    this.name = containerName(this, props.name);
    const rpcHostPort = props.rpcHostPort ?? RPC_PORT;
    const uiHostPort = props.uiHostPort ?? UI_PORT;
    claimHostPorts(this, { rpcHostPort, uiHostPort });
    const retain = props.retainData ?? true;
    this.uiUrl = `http://${this.hostIp}:${uiHostPort}`;

    this.plan = new ClusterPlan(this, {
      image: this.image,
      network: this.network,
      bucket: props.bucket,
      catalog: props.catalog,
      name: this.name,
      rpcPort: rpcHostPort,
      hostIp: this.hostIp,
      retainData: retain,
      authenticate: props.authenticate,
      eventLogDir: props.eventLogDir,
      maxCoresPerApp: props.maxCoresPerApp,
      executorMemory: props.executorMemory,
      address: props.address,
      portRetries: props.portRetries,
      executorPortBase: props.executorPortBase,
      sparkProperties: props.sparkProperties,
    });
    this.masterUrl = this.plan.masterUrl;
    this.executorMemory = this.plan.executorMemory;
    this.eventLogDir = this.plan.eventLogDir;
    this.rpcSecret = this.plan.rpcSecret;

    // Recovery state is about this deployment's workers and applications. Kept across a destroy, it made
    // the next master wait in RECOVERING for workers that no longer exist (spark.worker.timeout, 60 s)
    // before scheduling anything; so destroy deletes it, whatever retainData says. It is Java-serialized by the
    // master's own Spark, which another release cannot read (upgrading 4.3.0 -> 4.1.4: InvalidClassException, and
    // the master never took an application again): a new image gets a new volume.
    const recoveryVolume = dataVolume(this, "recovery", `${this.name}-recovery`, false, { "cdktf-spark.image": this.image.imageName });
    this._container(
      "container",
      {
        name: this.name,
        image: this.image.imageName,
        network: this.network,
        env: [...this.plan.env],
        // A restarted master reads its workers and apps back from the volume.
        properties: mergeProperties(
          { "spark.deploy.recoveryMode": "FILESYSTEM", "spark.deploy.recoveryDirectory": RECOVERY_PATH },
          this.plan.common,
        ),
        daemon: true,
        healthcheck: httpHealthcheck(`http://127.0.0.1:${UI_PORT}/json/`),
        volumes: [{ volumeName: recoveryVolume, containerPath: RECOVERY_PATH }],
        // Not the bucket: the master never touches it.
        dependsOn: [this.image],
        ...limitsOf(this, props.resources, { memory: Size.mebibytes(1536), cpus: 1 }),
      },
      {
        command: [
          "/opt/spark/bin/spark-class",
          "org.apache.spark.deploy.master.Master",
          "--host",
          this.name,
          "--port",
          String(rpcHostPort),
          "--webui-port",
          String(UI_PORT),
        ],
        ports: [
          // Across hosts on the address only (this host's own, so tools here reach it too): Docker reports two
          // bindings of one port back in no fixed order, and every plan would replace the container.
          { internal: rpcHostPort, external: rpcHostPort, ip: this.plan.crossHost?.address ?? this.hostIp },
          { internal: UI_PORT, external: uiHostPort, ip: this.hostIp },
        ],
      },
    );
  }

  public attach(role: IConstruct, needs: RoleNeeds = {}): ClusterAttachment {
    return this.plan.attach(role, needs);
  }
}
