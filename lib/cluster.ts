import { ITerraformDependable } from "cdktf";
import { IConstruct } from "constructs";
import { HostEntry, IDockerNetwork, VolumeMount } from "./docker-types";
import { ISparkImage } from "./spark-image";
import { Size } from "./size";
import { SparkProperties } from "./spark-properties";
import { IS3Connection } from "./s3-connection";
import { Placement, SparkHost } from "./spark-host";

/** Where the master accepts RPC connections, on the cluster's network. */
export interface MasterEndpoint {
  readonly host: string;
  readonly port: number;
}

/**
 * How roles reach a cluster that spans Docker hosts (its master has an
 * address). Processes on other hosts cannot use container names or ports
 * Docker picks: everything that crosses hosts is a fixed port on a known address.
 */
export interface CrossHostNetwork {
  /** The master's host's address on the network the hosts share; the master's RPC port, drivers' call-back ports and a local bucket are published on it. */
  readonly address: string;
  /** /etc/hosts entries for a role off the cluster's Docker network: the master's name, which it advertises, to the address. */
  readonly hosts: HostEntry[];
  /** spark.port.maxRetries: a fixed port taken moves up at most this many, so every fixed port is a range portRetries + 1 wide. */
  readonly portRetries: number;
}

/**
 * What an attaching role does, which decides what the cluster gives it. A
 * new role says what it does here; the cluster needs no change for it.
 */
export interface RoleNeeds {
  /**
   * Submits applications in client mode (notebook kernels, a Connect server):
   * gets the drivers' settings (event logs, catalog, s3a committers), the
   * event log volume, and starts once the catalog exists.
   * @default false
   */
  readonly submitsApplications?: boolean;
  /** Reads the event logs drivers write (a history server): gets their location and volume. @default false */
  readonly readsEventLogs?: boolean;
  /**
   * Runs executors (a worker group): in a cluster spanning hosts it runs on a
   * host's network at its address, and its executors' ports are planned there.
   * @default false
   */
  readonly runsExecutors?: boolean;
  /** The Docker host of a role that runs executors; a cluster that spans hosts places them on one always (its own, by default). */
  readonly host?: SparkHost;
  /** Executors that may run on the role's host at once (a worker group: count x cores). @default 0 */
  readonly executorSlots?: number;
  /**
   * Memory each of the role's workers offers executors (a worker group): the cluster checks that every
   * driver's executors fit one. @default nothing offered
   */
  readonly offersExecutorMemory?: Size;
  /**
   * Executor memory the role's applications ask for, where its own Spark properties set it (a driver): checked
   * against what the cluster's workers offer. A role whose properties change after it attached attaches again
   * with only this. @default the cluster's executor memory
   */
  readonly asksExecutorMemory?: Size;
}

/** Everything an attached role needs to run as part of the cluster. */
export interface ClusterAttachment {
  /** spark://host:port of the master. */
  readonly masterUrl: string;
  /**
   * The master's RPC endpoint. Roles start beside the master, not after it:
   * a role that must reach it when its JVM starts (a worker registering, a
   * driver) starts that JVM once the endpoint accepts connections (see
   * `startWhenReachable`).
   */
  readonly master: MasterEndpoint;
  /** The image the role must run (or build on): the cluster's Spark version. */
  readonly image: ISparkImage;
  /** The Docker network the cluster's containers share. */
  readonly network: IDockerNetwork;
  /** Host address the cluster publishes ports on; roles default to it. */
  readonly hostIp: string;
  /** spark-defaults.conf entries for this role (cluster settings, secret, s3a, event logs). */
  readonly sparkProperties: SparkProperties;
  /** Environment (bucket credentials, public DNS for UI links). */
  readonly env: string[];
  /** Volumes this role mounts (e.g. the event log volume). */
  readonly volumes: VolumeMount[];
  /**
   * What must exist before this role's container is created: the image, and
   * the bucket when the role touches it at start (event logs on S3). Never
   * the master's container, so roles start in parallel with it.
   */
  readonly dependsOn: ITerraformDependable[];
  /** Present when the cluster spans Docker hosts. */
  readonly crossHost?: CrossHostNetwork;
  /** The host of a role that runs executors when the cluster spans hosts: it runs on that host's network, at its address. */
  readonly placement?: Placement;
}

/**
 * A Spark standalone cluster as other constructs see it. Workers, the history
 * server, JupyterLab and any new role attach through `attach`, so none of
 * them depends on how the master is built.
 */
export interface ISparkCluster extends IConstruct {
  /** Full Spark version every process of the cluster runs. */
  readonly sparkVersion: string;
  /** spark://host:port drivers and workers connect to. */
  readonly masterUrl: string;
  /** The bucket the cluster reads and writes, if any. */
  readonly bucket?: IS3Connection;
  /** Executor memory applications get by default (from the merged configuration). */
  readonly executorMemory: Size;
  /** Where drivers write event logs and the history server reads them (from the merged configuration). */
  readonly eventLogDir: string;
  /** The Docker network of the cluster. */
  readonly network: IDockerNetwork;
  /**
   * Attaches a role to the cluster and returns what it needs. Fails synthesis
   * when the role is in another stack (Terraform cannot order containers
   * across states), or is placed on another host the cluster cannot reach.
   */
  attach(role: IConstruct, needs?: RoleNeeds): ClusterAttachment;
}
