import { Password } from "@cdktf/provider-random/lib/password";
import { ITerraformDependable, TerraformStack, Token } from "cdktf";
import { Construct, IConstruct } from "constructs";
import { ClusterAttachment, CrossHostNetwork, MasterEndpoint, RoleNeeds } from "../cluster";
import { IDockerNetwork, VolumeMount } from "../docker-types";
import { SparkConfigError } from "../errors";
import { IS3Connection, S3Grant } from "../s3-connection";
import { Size } from "../size";
import { CatalogGrant, SparkCatalog } from "../spark-catalog";
import { Placement, hostKeyOf, hostLabelOf, placementOf, requireClusterAddress } from "../spark-host";
import { ISparkImage } from "../spark-image";
import { SparkProperties } from "../spark-properties";
import { dataVolume } from "./docker-volume";
import { ExecutorFit } from "./executor-fit";
import { claim } from "./names";
import { sessionProperties } from "./session";
import { mergeProperties } from "./spark-conf";
import { requireInt, requireMemory, requirePort, requirePrefix, requireSize } from "./validate";

/** Where event logs live on the shared volume: written by drivers, read by the history server. */
export const EVENTS_PATH = "/opt/spark/events";
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

/** The master's settings the plan reads, and where the master is. */
export interface ClusterPlanProps {
  readonly image: ISparkImage;
  readonly network: IDockerNetwork;
  readonly bucket?: IS3Connection;
  readonly catalog?: SparkCatalog;
  /** The master's container name and RPC port: its URL. */
  readonly name: string;
  readonly rpcPort: number;
  readonly hostIp: string;
  readonly retainData: boolean;
  readonly authenticate?: boolean;
  readonly eventLogDir?: string;
  readonly maxCoresPerApp?: number;
  readonly executorMemory?: Size;
  readonly address?: string;
  readonly portRetries?: number;
  readonly executorPortBase?: number;
  readonly sparkProperties?: SparkProperties;
}

/**
 * What a standalone cluster shares, planned once for its master: the RPC secret, the merged Spark properties of
 * its processes and drivers, where event logs live, and, across hosts, each host's executor slots and fixed
 * ports. Each role that attaches gets its share; the master's container is SparkMaster's own business.
 * Resources it creates (the secret, the event log volume) belong to the master construct.
 */
export class ClusterPlan {
  public readonly masterUrl: string;
  public readonly executorMemory: Size;
  public readonly eventLogDir: string;
  public readonly rpcSecret?: string;
  /** Every process's properties (secret, encryption across hosts, s3a, the user's). */
  public readonly common: SparkProperties;
  /** Environment of every process: UI links to the host's ports, bucket credentials. */
  public readonly env: readonly string[];
  public readonly crossHost?: CrossHostNetwork & { readonly executorPortBase: number };
  private readonly master: Construct;
  private readonly image: ISparkImage;
  private readonly network: IDockerNetwork;
  private readonly hostIp: string;
  private readonly rpcPort: number;
  private readonly name: string;
  private readonly driver: SparkProperties;
  private readonly eventLogVolume?: string;
  /** What a role touching the bucket at start waits for (drivers and the history server, with event logs on S3). */
  private readonly eventLogDependsOn: readonly ITerraformDependable[];
  /** What a driver waits for before it may touch the catalog: its schema. */
  private readonly catalogDependsOn: readonly ITerraformDependable[];
  /** Executor memory the workers offer and the drivers ask for (RoleNeeds), checked when the tree is complete. */
  private readonly executorFit = new ExecutorFit();
  /** Executors that may run at once on each Docker host of a cluster spanning hosts, by hostKeyOf. */
  private readonly slots = new Map<string, { placement: Placement; slots: number; groups: string[] }>();

  constructor(master: Construct, props: ClusterPlanProps) {
    this.master = master;
    master.node.addValidation({ validate: () => this.executorFit.misfits() });
    this.image = props.image;
    this.network = props.network;
    this.hostIp = props.hostIp;
    this.rpcPort = props.rpcPort;
    this.name = props.name;
    this.masterUrl = `spark://${props.name}:${props.rpcPort}`;
    const retain = props.retainData;
    const user = props.sparkProperties ?? {};
    for (const [key, why] of Object.entries({ ...DERIVED, ...(props.address !== undefined ? DERIVED_ACROSS_HOSTS : {}) })) {
      if (key in user)
        throw new SparkConfigError(this.master, `sparkProperties sets ${key}, but ${why}.`, `Remove ${key} from sparkProperties.`);
    }
    const fromProp = props.executorMemory && requireSize(this.master, "executorMemory", props.executorMemory);
    const executorMemory = this.fromPropOrProperty("executorMemory", fromProp, "spark.executor.memory", user);
    this.executorMemory = Size.parse(
      requireMemory(this.master, fromProp ? "executorMemory" : "sparkProperties spark.executor.memory", executorMemory ?? "512m"),
    );
    const maxCores = this.fromPropOrProperty(
      "maxCoresPerApp",
      props.maxCoresPerApp === undefined ? undefined : String(props.maxCoresPerApp),
      "spark.cores.max",
      user,
    );
    requireInt(this.master, "maxCoresPerApp", Number(maxCores ?? 1));

    if (props.address === undefined) {
      const given = (["portRetries", "executorPortBase"] as const).filter((k) => props[k] !== undefined);
      if (given.length)
        throw new SparkConfigError(
          master,
          `${given.join(" and ")} only apply to a cluster spanning hosts.`,
          `Set address as well, or remove them.`,
        );
    } else {
      const address = requireClusterAddress(this.master, "address", props.address);
      if (props.authenticate === false) {
        throw new SparkConfigError(
          master,
          `has an address, so its traffic crosses hosts, but authenticate is false: Spark encrypts that traffic with the RPC secret.`,
          `Remove authenticate: false.`,
        );
      }
      this.crossHost = {
        address,
        hosts: [{ host: this.name, ip: address }],
        portRetries: requireInt(this.master, "portRetries", props.portRetries ?? PORT_RETRIES, 0),
        executorPortBase: requirePort(this.master, "executorPortBase", props.executorPortBase ?? EXECUTOR_PORT_BASE),
      };
      master.node.addValidation({ validate: () => this.checkExecutorSlots() });
    }

    const grant: S3Grant | undefined = props.bucket?.grantReadWrite(master, this.network, this.crossHost?.address);
    const eventLogDir = this.fromPropOrProperty("eventLogDir", props.eventLogDir, "spark.eventLog.dir", user);
    if (eventLogDir !== undefined) {
      this.eventLogDir = this.eventLogOnBucket(eventLogDir, props.bucket);
    } else {
      this.eventLogVolume = dataVolume(this.master, "events", `${this.name}-events`, retain);
      this.eventLogDir = `file://${EVENTS_PATH}`;
    }
    this.eventLogDependsOn = this.eventLogVolume ? [] : (grant?.dependsOn ?? []);

    const auth: Record<string, string> = {};
    if (props.authenticate ?? true) {
      const secret = new Password(master, "rpc-secret", { length: 48, special: false });
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
    const catalog: CatalogGrant | undefined = props.catalog?.grantUse(master, this.network);
    this.catalogDependsOn = catalog?.dependsOn ?? [];
    this.driver = mergeProperties(
      {
        "spark.master": this.masterUrl,
        "spark.eventLog.enabled": "true",
        "spark.eventLog.dir": this.eventLogDir,
        "spark.cores.max": maxCores ?? "1",
        "spark.executor.memory": this.executorMemory.toSparkString(),
      },
      sessionProperties(master, this.image, props.bucket, catalog),
      this.common,
    );
    // Links in the web UIs point at the host's published ports.
    this.env = [`SPARK_PUBLIC_DNS=${this.hostIp}`, ...(grant?.env ?? [])];
  }

  public attach(role: IConstruct, needs: RoleNeeds = {}): ClusterAttachment {
    const mine = TerraformStack.of(this.master);
    const theirs = TerraformStack.of(role);
    if (mine !== theirs) {
      throw new SparkConfigError(
        role,
        `is in stack "${theirs.node.id}" but its master ${this.master.node.path} is in stack "${mine.node.id}".`,
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
        `runs on ${on}, but its master ${this.master.node.path} has no address that host can reach it by.`,
        `Set the master's address to its own host's address on the network both hosts share.`,
      );
    }
    if (needs.offersExecutorMemory !== undefined) {
      requireSize(role, "offersExecutorMemory", needs.offersExecutorMemory);
      this.executorFit.offer(role, needs.offersExecutorMemory);
    }
    if (needs.asksExecutorMemory !== undefined) {
      requireSize(role, "sparkProperties spark.executor.memory", needs.asksExecutorMemory);
      this.executorFit.ask(role, needs.asksExecutorMemory);
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
    const hostKey = hostKeyOf(placement);
    const onHost = this.slots.get(hostKey);
    if (onHost && onHost.placement.address !== placement.address) {
      throw new SparkConfigError(
        role,
        `gives ${hostLabelOf(placement)} the address ${placement.address}, but ${onHost.groups.join(", ")} gave it ${onHost.placement.address}.`,
        `Use one address per host.`,
      );
    }
    if (!onHost) {
      // Executors of every group on a host share one range of block manager ports there.
      const base = this.crossHost!.executorPortBase;
      for (let i = 0; i <= this.crossHost!.portRetries; i++) {
        claim(this.master, "host port", base + i, `executorPortBase (executors on ${hostLabelOf(placement)})`, hostKey);
      }
    }
    const entry = onHost ?? { placement, slots: 0, groups: [] };
    entry.slots += where.executorSlots ?? 0;
    entry.groups.push(role.node.path);
    this.slots.set(hostKey, entry);
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
            this.master,
            `the worker groups on ${hostLabelOf(h.placement)} (${h.groups.join(", ")}) offer ${h.slots} cores, so up to ${h.slots} executors run there at once, but executors' block manager ports range over portRetries + 1 = ${range}.`,
            `Raise portRetries to at least ${h.slots - 1}, or offer fewer cores on that host.`,
          ).message,
      );
  }

  /** A value given as a prop or as its Spark property, but not both differently. */
  private fromPropOrProperty(prop: string, given: string | undefined, key: string, user: SparkProperties): string | undefined {
    const fromProperties = user[key];
    if (given !== undefined && fromProperties !== undefined && given !== fromProperties) {
      throw new SparkConfigError(
        this.master,
        `${prop} is ${given} but sparkProperties sets ${key} to ${fromProperties}.`,
        `Set it in one place.`,
      );
    }
    return given ?? fromProperties;
  }

  /** Event logs on S3 must be a prefix of the cluster's own bucket, which then creates it. */
  private eventLogOnBucket(dir: string, bucket: IS3Connection | undefined): string {
    if (!bucket) {
      throw new SparkConfigError(
        this.master,
        `eventLogDir "${dir}" is on S3 but the cluster has no bucket.`,
        `Pass bucket, or omit eventLogDir to keep event logs on a shared volume.`,
      );
    }
    const root = `${bucket.uri}/`;
    if (!dir.startsWith(root)) {
      if (Token.isUnresolved(dir)) return dir;
      throw new SparkConfigError(
        this.master,
        `eventLogDir "${dir}" is not in the cluster's bucket ${bucket.uri}, whose credentials every process gets.`,
        `Use \`\${bucket.uri}/<prefix>\`, e.g. "${root}spark-events".`,
      );
    }
    const prefix = dir.slice(root.length).replace(/\/+$/, "");
    bucket.addFolder(requirePrefix(this.master, "eventLogDir prefix", prefix));
    return `${root}${prefix}`;
  }
}
