import { Container } from "@cdktf/provider-docker/lib/container";
import { Network } from "@cdktf/provider-docker/lib/network";
import { Password } from "@cdktf/provider-random/lib/password";
import { Construct } from "constructs";
import { configError } from "./errors";
import { dataVolume } from "./docker-volume";
import { PublishProps, claimHostPorts, hostIpFor } from "./host-ports";
import { S3Connection } from "./s3-connection";
import { SparkProperties, mergeProperties } from "./spark-conf";
import { defaultName, httpHealthcheck, sparkContainer } from "./spark-container";
import { SparkImage } from "./spark-image";
import { requireInt, requireMemory } from "./validate";

/** Where event logs live: written by drivers, read by the history server. */
const EVENTS_PATH = "/opt/spark/events";
const RECOVERY_PATH = "/opt/spark/recovery";
const RPC_PORT = 7077;
const UI_PORT = 8080;

export interface SparkMasterProps extends PublishProps {
  /** The Spark image every part of this cluster runs. */
  readonly image: SparkImage;
  /** Docker network the cluster's containers share. */
  readonly network: Network;
  /**
   * Bucket whose s3a settings and credentials every container of the cluster gets.
   * @default none: s3a paths are not configured
   */
  readonly bucket?: S3Connection;
  /**
   * Container name, also the host name workers and drivers use.
   * @default "<stack>-spark-master"
   */
  readonly name?: string;
  /**
   * Host port for the master's RPC endpoint (spark://).
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
   * Where drivers write event logs and the history server reads them. Either
   * an "s3a://bucket/prefix" (the prefix must exist: see S3BucketProps.folders)
   * or omitted for a shared named volume.
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
   * Executor memory applications get unless they ask otherwise.
   * @default "512m"
   */
  readonly executorMemory?: string;
  /**
   * Keep event logs and master recovery state on volumes that survive
   * `cdktf destroy`. False creates volumes that destroy deletes.
   * @default true
   */
  readonly retainData?: boolean;
  /**
   * Extra Spark properties for every container of the cluster (they override
   * the ones this library sets).
   * @default {}
   */
  readonly sparkProperties?: SparkProperties;
}

/**
 * The Spark standalone master: the hub workers register with and drivers
 * submit to. It also holds the settings the whole cluster shares (image,
 * network, bucket, event log location, RPC secret), so workers, the history
 * server and JupyterLab attach to it instead of repeating them.
 */
export class SparkMaster extends Construct {
  /** Container and host name. */
  public readonly name: string;
  /** The cluster's image. */
  public readonly image: SparkImage;
  /** The cluster's network. */
  public readonly network: Network;
  /** The bucket every container is configured for, if any. */
  public readonly bucket?: S3Connection;
  /** spark://<name>:7077, the URL drivers and workers use inside the network. */
  public readonly url: string;
  /** The master web UI as seen from the host. */
  public readonly uiUrl: string;
  /** Where event logs are written and read. */
  public readonly eventLogDir: string;
  /** Named volume holding the event logs, when they are not on S3. */
  public readonly eventLogVolume?: string;
  /** Executor memory applications get by default. */
  public readonly executorMemory: string;
  /** Properties every Spark process of the cluster shares (RPC secret, s3a, user's extras). */
  public readonly commonProperties: SparkProperties;
  /** Properties a driver needs to run against this cluster in client mode. */
  public readonly driverProperties: SparkProperties;
  /** Environment every Spark container of the cluster gets (bucket credentials). */
  public readonly commonEnv: string[];
  /** Host address published ports bind to; attached constructs default to it. */
  public readonly hostIp: string;
  /** The generated RPC secret when authenticate is on (sensitive). */
  public readonly rpcSecret?: string;
  /** The master container. */
  public readonly container: Container;

  constructor(scope: Construct, id: string, props: SparkMasterProps) {
    super(scope, id);
    this.name = defaultName(this, "spark-master", props.name);
    this.image = props.image;
    this.network = props.network;
    this.bucket = props.bucket;
    this.hostIp = hostIpFor(this, props);
    const rpcHostPort = props.rpcHostPort ?? RPC_PORT;
    const uiHostPort = props.uiHostPort ?? UI_PORT;
    claimHostPorts(this, { rpcHostPort, uiHostPort });
    const maxCoresPerApp = requireInt(this, "maxCoresPerApp", props.maxCoresPerApp ?? 1);
    this.executorMemory = requireMemory(this, "executorMemory", props.executorMemory ?? "512m");
    const retain = props.retainData ?? true;

    this.url = `spark://${this.name}:${RPC_PORT}`;
    this.uiUrl = `http://${this.hostIp}:${uiHostPort}`;

    if (props.eventLogDir !== undefined) {
      if (!/^s3a:\/\/[^/]+\/.+/.test(props.eventLogDir)) {
        throw configError(this, `eventLogDir "${props.eventLogDir}" must be an s3a://bucket/prefix URI. Omit it to keep event logs on a shared volume.`);
      }
      if (!props.bucket) {
        throw configError(this, `eventLogDir is on S3 but no bucket is set. Pass bucket so the history server and drivers get s3a credentials.`);
      }
      this.eventLogDir = props.eventLogDir;
    } else {
      this.eventLogVolume = dataVolume(this, "events", { name: `${this.name}-events`, retain });
      this.eventLogDir = `file://${EVENTS_PATH}`;
    }

    const auth: Record<string, string> = {};
    if (props.authenticate ?? true) {
      const secret = new Password(this, "rpc-secret", { length: 48, special: false });
      this.rpcSecret = secret.result;
      auth["spark.authenticate"] = "true";
      auth["spark.authenticate.secret"] = secret.result;
      // The REST submission server cannot authenticate, and the master refuses to start with both.
      auth["spark.master.rest.enabled"] = "false";
    }
    this.commonProperties = mergeProperties(auth, props.bucket?.sparkProperties, props.sparkProperties);
    this.driverProperties = mergeProperties(
      {
        "spark.master": this.url,
        "spark.eventLog.enabled": "true",
        "spark.eventLog.dir": this.eventLogDir,
        "spark.cores.max": String(maxCoresPerApp),
        "spark.executor.memory": this.executorMemory,
      },
      this.commonProperties,
    );
    this.commonEnv = [
      // Links in the web UIs point at the host's published ports.
      `SPARK_PUBLIC_DNS=${this.hostIp}`,
      ...(props.bucket?.env ?? []),
    ];

    const recoveryVolume = dataVolume(this, "recovery", { name: `${this.name}-recovery`, retain });
    this.container = new Container(this, "container", {
      ...sparkContainer({
        name: this.name,
        image: this.image.imageName,
        network: this.network,
        env: this.commonEnv,
        // A restarted master reads its workers and apps back from the volume.
        properties: mergeProperties(
          { "spark.deploy.recoveryMode": "FILESYSTEM", "spark.deploy.recoveryDirectory": RECOVERY_PATH },
          this.commonProperties,
        ),
        healthcheck: httpHealthcheck(`http://127.0.0.1:${UI_PORT}/json/`),
      }),
      command: [
        "/opt/spark/bin/spark-class", "org.apache.spark.deploy.master.Master",
        "--host", this.name, "--port", String(RPC_PORT), "--webui-port", String(UI_PORT),
      ],
      ports: [
        { internal: RPC_PORT, external: rpcHostPort, ip: this.hostIp },
        { internal: UI_PORT, external: uiHostPort, ip: this.hostIp },
      ],
      volumes: [{ volumeName: recoveryVolume, containerPath: RECOVERY_PATH }],
      dependsOn: [this.image.image, ...(props.bucket?.dependables ?? [])],
    });
  }

  /** Mount of the event log volume for a container that reads or writes event logs. */
  public eventLogMounts(): { volumeName: string; containerPath: string }[] {
    return this.eventLogVolume ? [{ volumeName: this.eventLogVolume, containerPath: EVENTS_PATH }] : [];
  }
}
