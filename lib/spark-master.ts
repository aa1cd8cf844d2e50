import { Password } from "@cdktf/provider-random/lib/password";
import { ITerraformDependable, TerraformStack, Token } from "cdktf";
import { Construct, IConstruct } from "constructs";
import { ClusterAttachment, CrossHostNetwork, ISparkCluster, MasterEndpoint, RoleNeeds } from "./cluster";
import { dataVolume } from "./private/docker-volume";
import { SparkConfigError } from "./errors";
import { RoleContainer } from "./private/role-container";
import { PublishProps, claimHostPorts, hostIpFor } from "./host-ports";
import { claim, containerName } from "./private/names";
import { IS3Connection, S3Grant } from "./s3-connection";
import { sessionProperties } from "./private/session";
import { CatalogGrant, SparkCatalog } from "./spark-catalog";
import { mergeProperties } from "./private/spark-conf";
import { SparkProperties } from "./spark-properties";
import { httpHealthcheck, sparkContainer } from "./private/spark-container";
import { IDockerNetwork, ResourceLimits, VolumeMount } from "./docker-types";
import { SparkRoleConstruct } from "./spark-role";
import { Placement, placementOf, requireClusterAddress } from "./spark-host";
import { ISparkImage } from "./spark-image";
import { limitsOf, requireInt, requireMemory, requirePort, requirePrefix, requireSize } from "./private/validate";
import { Size } from "./size";

/** Where event logs live on the shared volume: written by drivers, read by the history server. */
const EVENTS_PATH = "/opt/spark/events";
const RECOVERY_PATH = "/opt/spark/recovery";
const RPC_PORT = 7077;
const UI_PORT = 8080;
const PORT_RETRIES = 3;
const EXECUTOR_PORT_BASE = 7300;

/** Properties the library derives; setting them by hand would make parts of the cluster disagree. */
const DERIVED: Record<string, string> = {
  "spark.master": "it is the master's own URL; drivers get it when they attach",
  "spark.authenticate.secret": "it is generated; turn authentication off with authenticate: false",
  "spark.history.fs.logDirectory": "the history server reads eventLogDir; set eventLogDir instead",
};

/** What a cluster spanning hosts derives besides. */
const DERIVED_ACROSS_HOSTS: Record<string, string> = {
  "spark.port.maxRetries": "the cluster plans its fixed ports with it; set portRetries instead",
  "spark.blockManager.port": "the cluster plans its fixed ports with it; set executorPortBase instead",
  "spark.network.crypto.enabled": "traffic between hosts is always encrypted",
};

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
  private readonly common: SparkProperties;
  private readonly driver: SparkProperties;
  private readonly env: readonly string[];
  private readonly eventLogVolume?: string;
  /** What a role touching the bucket at start waits for (drivers and the history server, with event logs on S3). */
  private readonly eventLogDependsOn: readonly ITerraformDependable[];
  /** What a driver waits for before it may touch the catalog: its schema. */
  private readonly catalogDependsOn: readonly ITerraformDependable[];
  private readonly rpcPort: number;
  private readonly crossHost?: CrossHostNetwork & { readonly executorPortBase: number };
  /** Executors that may run at once on each Docker host of a cluster spanning hosts, by Placement.hostKey. */
  private readonly slots = new Map<string, { placement: Placement; slots: number; groups: string[] }>();

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
    this.rpcPort = rpcHostPort;
    const retain = props.retainData ?? true;
    this.masterUrl = `spark://${this.name}:${rpcHostPort}`;
    this.uiUrl = `http://${this.hostIp}:${uiHostPort}`;

    const user = props.sparkProperties ?? {};
    for (const [key, why] of Object.entries({ ...DERIVED, ...(props.address !== undefined ? DERIVED_ACROSS_HOSTS : {}) })) {
      if (key in user) throw new SparkConfigError(this, `sparkProperties sets ${key}, but ${why}.`, `Remove ${key} from sparkProperties.`);
    }
    const fromProp = props.executorMemory && requireSize(this, "executorMemory", props.executorMemory);
    const executorMemory = this.fromPropOrProperty("executorMemory", fromProp, "spark.executor.memory", user);
    this.executorMemory = Size.parse(
      requireMemory(this, fromProp ? "executorMemory" : "sparkProperties spark.executor.memory", executorMemory ?? "512m"),
    );
    const maxCores = this.fromPropOrProperty(
      "maxCoresPerApp",
      props.maxCoresPerApp === undefined ? undefined : String(props.maxCoresPerApp),
      "spark.cores.max",
      user,
    );
    requireInt(this, "maxCoresPerApp", Number(maxCores ?? 1));

    if (props.address === undefined) {
      const given = (["portRetries", "executorPortBase"] as const).filter((k) => props[k] !== undefined);
      if (given.length)
        throw new SparkConfigError(
          this,
          `${given.join(" and ")} only apply to a cluster spanning hosts.`,
          `Set address as well, or remove them.`,
        );
    } else {
      const address = requireClusterAddress(this, "address", props.address);
      if (props.authenticate === false) {
        throw new SparkConfigError(
          this,
          `has an address, so its traffic crosses hosts, but authenticate is false: Spark encrypts that traffic with the RPC secret.`,
          `Remove authenticate: false.`,
        );
      }
      this.crossHost = {
        address,
        hosts: [{ host: this.name, ip: address }],
        portRetries: requireInt(this, "portRetries", props.portRetries ?? PORT_RETRIES, 0),
        executorPortBase: requirePort(this, "executorPortBase", props.executorPortBase ?? EXECUTOR_PORT_BASE),
      };
      this.node.addValidation({ validate: () => this.checkExecutorSlots() });
    }

    const grant: S3Grant | undefined = props.bucket?.grantReadWrite(this, this.network, this.crossHost?.address);
    const eventLogDir = this.fromPropOrProperty("eventLogDir", props.eventLogDir, "spark.eventLog.dir", user);
    if (eventLogDir !== undefined) {
      this.eventLogDir = this.eventLogOnBucket(eventLogDir, props.bucket);
    } else {
      this.eventLogVolume = dataVolume(this, "events", `${this.name}-events`, retain);
      this.eventLogDir = `file://${EVENTS_PATH}`;
    }
    this.eventLogDependsOn = this.eventLogVolume ? [] : (grant?.dependsOn ?? []);

    const auth: Record<string, string> = {};
    if (props.authenticate ?? true) {
      const secret = new Password(this, "rpc-secret", { length: 48, special: false });
      this.rpcSecret = secret.result;
      auth["spark.authenticate"] = "true";
      auth["spark.authenticate.secret"] = secret.result;
      // The REST submission server cannot authenticate, and the master refuses to start with both.
      auth["spark.master.rest.enabled"] = "false";
    }
    const crossHost: SparkProperties = this.crossHost
      ? {
          // AES-GCM with keys derived from the RPC secret, for every RPC and block transfer; no fallback
          // to SASL, which authenticates but sends in the clear: a driver without encryption is refused.
          "spark.network.crypto.enabled": "true",
          "spark.network.crypto.saslFallback": "false",
          "spark.port.maxRetries": String(this.crossHost.portRetries),
          // Drivers pass it on to their executors.
          "spark.blockManager.port": String(this.crossHost.executorPortBase),
        }
      : {};
    this.common = mergeProperties(auth, crossHost, grant?.sparkProperties, user);
    const catalog: CatalogGrant | undefined = props.catalog?.grantUse(this, this.network);
    this.catalogDependsOn = catalog?.dependsOn ?? [];
    this.driver = mergeProperties(
      {
        "spark.master": this.masterUrl,
        "spark.eventLog.enabled": "true",
        "spark.eventLog.dir": this.eventLogDir,
        "spark.cores.max": maxCores ?? "1",
        "spark.executor.memory": this.executorMemory.toSparkString(),
      },
      sessionProperties(this, this.image, props.bucket, catalog),
      this.common,
    );
    // Links in the web UIs point at the host's published ports.
    this.env = [`SPARK_PUBLIC_DNS=${this.hostIp}`, ...(grant?.env ?? [])];

    // Recovery state is about this deployment's workers and applications. Kept across a destroy, it made
    // the next master wait in RECOVERING for workers that no longer exist (spark.worker.timeout, 60 s)
    // before scheduling anything; so destroy deletes it, whatever retainData says. It is Java-serialized by the
    // master's own Spark, which another release cannot read (upgrading 4.3.0 -> 4.1.4: InvalidClassException, and
    // the master never took an application again): a new image gets a new volume.
    const recoveryVolume = dataVolume(this, "recovery", `${this.name}-recovery`, false, { "cdktf-spark.image": this.image.imageName });
    const container = new RoleContainer(
      this,
      "container",
      {
        ...sparkContainer({
          additions: this._additions,
          name: this.name,
          image: this.image.imageName,
          network: this.network,
          env: this.env,
          // A restarted master reads its workers and apps back from the volume.
          properties: mergeProperties(
            { "spark.deploy.recoveryMode": "FILESYSTEM", "spark.deploy.recoveryDirectory": RECOVERY_PATH },
            this.common,
          ),
          daemon: true,
          healthcheck: httpHealthcheck(`http://127.0.0.1:${UI_PORT}/json/`),
          volumes: [{ volumeName: recoveryVolume, containerPath: RECOVERY_PATH }],
          // Not the bucket: the master never touches it.
          dependsOn: [this.image],
          ...limitsOf(this, props.resources, { memory: Size.mebibytes(1536), cpus: 1 }),
        }),
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
          { internal: rpcHostPort, external: rpcHostPort, ip: this.crossHost?.address ?? this.hostIp },
          { internal: UI_PORT, external: uiHostPort, ip: this.hostIp },
        ],
      },
      this,
    );
    this.node.defaultChild = container;
  }

  public attach(role: IConstruct, needs: RoleNeeds = {}): ClusterAttachment {
    const mine = TerraformStack.of(this);
    const theirs = TerraformStack.of(role);
    if (mine !== theirs) {
      throw new SparkConfigError(
        role,
        `is in stack "${theirs.node.id}" but its master ${this.node.path} is in stack "${mine.node.id}".`,
        `Create it in the master's stack: Terraform cannot order or wire containers across stacks.`,
      );
    }
    if (needs.host && !needs.runsExecutors) {
      throw new SparkConfigError(
        role,
        `is given a host, but only a role that runs executors is placed on one.`,
        `Remove host, or set runsExecutors.`,
      );
    }
    if (needs.host && !this.crossHost) {
      const on = needs.host.provider ? `Docker host ${needs.host.provider.node.path}` : `the host network at ${needs.host.address}`;
      throw new SparkConfigError(
        role,
        `runs on ${on}, but its master ${this.node.path} has no address that host can reach it by.`,
        `Set the master's address to its own host's address on the network both hosts share.`,
      );
    }
    const placement = this.crossHost && needs.runsExecutors ? this.place(role, needs) : undefined;
    const touchesEventLogs = needs.submitsApplications || needs.readsEventLogs;
    const volumes: VolumeMount[] =
      touchesEventLogs && this.eventLogVolume ? [{ volumeName: this.eventLogVolume, containerPath: EVENTS_PATH }] : [];
    const properties = mergeProperties(
      needs.readsEventLogs ? { "spark.history.fs.logDirectory": this.eventLogDir } : {},
      needs.submitsApplications ? this.driver : this.common,
    );
    const bucket = [...(touchesEventLogs ? this.eventLogDependsOn : []), ...(needs.submitsApplications ? this.catalogDependsOn : [])];
    const master: MasterEndpoint = { host: this.name, port: this.rpcPort };
    return {
      masterUrl: this.masterUrl,
      master,
      image: this.image,
      network: this.network,
      hostIp: this.hostIp,
      sparkProperties: properties,
      env: [...this.env],
      volumes,
      dependsOn: [this.image, ...bucket],
      crossHost: this.crossHost,
      placement,
    };
  }

  /** A worker group's host in a cluster spanning hosts: the one given, else the master's own at its address. */
  private place(role: IConstruct, where: RoleNeeds): Placement {
    const placement = placementOf(role, where.host ?? { address: this.crossHost!.address });
    const onHost = this.slots.get(placement.hostKey);
    if (onHost && onHost.placement.address !== placement.address) {
      throw new SparkConfigError(
        role,
        `gives ${placement.hostLabel} the address ${placement.address}, but ${onHost.groups.join(", ")} gave it ${onHost.placement.address}.`,
        `Use one address per host.`,
      );
    }
    if (!onHost) {
      // Executors of every group on a host share one range of block manager ports there.
      const base = this.crossHost!.executorPortBase;
      for (let i = 0; i <= this.crossHost!.portRetries; i++) {
        claim(this, "host port", base + i, `executorPortBase (executors on ${placement.hostLabel})`, placement.hostKey);
      }
    }
    const entry = onHost ?? { placement, slots: 0, groups: [] };
    entry.slots += where.executorSlots ?? 0;
    entry.groups.push(role.node.path);
    this.slots.set(placement.hostKey, entry);
    return placement;
  }

  /** Each host's executors must fit the port range they share. */
  private checkExecutorSlots(): string[] {
    const range = this.crossHost!.portRetries + 1;
    return [...this.slots.values()]
      .filter((h) => h.slots > range)
      .map(
        (h) =>
          new SparkConfigError(
            this,
            `the worker groups on ${h.placement.hostLabel} (${h.groups.join(", ")}) offer ${h.slots} cores, so up to ${h.slots} executors run there at once, but executors' block manager ports range over portRetries + 1 = ${range}.`,
            `Raise portRetries to at least ${h.slots - 1}, or offer fewer cores on that host.`,
          ).message,
      );
  }

  /** A value given as a prop or as its Spark property, but not both differently. */
  private fromPropOrProperty(prop: string, given: string | undefined, key: string, user: SparkProperties): string | undefined {
    const fromProperties = user[key];
    if (given !== undefined && fromProperties !== undefined && given !== fromProperties) {
      throw new SparkConfigError(this, `${prop} is ${given} but sparkProperties sets ${key} to ${fromProperties}.`, `Set it in one place.`);
    }
    return given ?? fromProperties;
  }

  /** Event logs on S3 must be a prefix of the cluster's own bucket, which then creates it. */
  private eventLogOnBucket(dir: string, bucket: IS3Connection | undefined): string {
    if (!bucket) {
      throw new SparkConfigError(
        this,
        `eventLogDir "${dir}" is on S3 but the cluster has no bucket.`,
        `Pass bucket, or omit eventLogDir to keep event logs on a shared volume.`,
      );
    }
    const root = `${bucket.uri}/`;
    if (!dir.startsWith(root)) {
      if (Token.isUnresolved(dir)) return dir;
      throw new SparkConfigError(
        this,
        `eventLogDir "${dir}" is not in the cluster's bucket ${bucket.uri}, whose credentials every process gets.`,
        `Use \`\${bucket.uri}/<prefix>\`, e.g. "${root}spark-events".`,
      );
    }
    const prefix = dir.slice(root.length).replace(/\/+$/, "");
    bucket.addFolder(requirePrefix(this, "eventLogDir prefix", prefix));
    return `${root}${prefix}`;
  }
}
