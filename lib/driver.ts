import { Construct } from "constructs";
import { ClusterAttachment, ISparkCluster, MasterEndpoint } from "./cluster";
import { SparkConfigError } from "./errors";
import { claimHostPorts, hostIpFor } from "./host-ports";
import { IS3Connection } from "./s3-connection";
import { sessionProperties } from "./private/session";
import { SparkCatalog } from "./spark-catalog";
import { mergeProperties } from "./private/spark-conf";
import { SparkProperties } from "./spark-properties";
import { IDockerNetwork } from "./docker-types";
import { ISparkImage, requireSameImage } from "./spark-image";
import { requireMemory, requirePort } from "./private/validate";
import { Size } from "./size";

/** What any driver role may set, wherever it runs. */
export interface DriverOptions {
  /**
   * spark.master in local mode (no master given).
   * @default "local[*]"
   */
  readonly localMaster?: string;
  /**
   * Host address published ports bind to.
   * @default the cluster's, or "127.0.0.1"
   */
  readonly hostIp?: string;
  /**
   * For a cluster spanning hosts: the first of the fixed ports executors on
   * other hosts call the driver back on, published on the master's address.
   * Each driver JVM takes one port from driverPortBase on (spark.driver.port)
   * and one from driverPortBase + portRetries + 1 on (its block manager).
   * @default 7100 for JupyterLab, 7200 for the Connect server
   */
  readonly driverPortBase?: number;
}

/** Where a driver runs: against a cluster (client mode), or on its own (local mode). */
export interface DriverPlacementProps extends DriverOptions {
  /**
   * Cluster to drive in client mode; the driver then shares its image,
   * network, bucket, RPC secret and event log location.
   * @default none: Spark runs in local mode inside the driver's container
   */
  readonly master?: ISparkCluster;
  /**
   * Spark image; required without a master, and must carry the master's Spark version with one.
   * @default the master's image
   */
  readonly image?: ISparkImage;
  /**
   * Docker network; required without a master, and must be the master's with one.
   * @default the master's network
   */
  readonly network?: IDockerNetwork;
  /**
   * Bucket the driver reads and writes, in local mode. With a master the
   * cluster's bucket is used (the executors hold its credentials).
   * @default the master's bucket, or none
   */
  readonly bucket?: IS3Connection;
  /**
   * The catalog of a local-mode driver's tables. With a master the cluster's is used.
   * @default the master's catalog, or none (an in-memory catalog)
   */
  readonly catalog?: SparkCatalog;
}

/**
 * What a driver container needs, whichever way it is placed: what a cluster
 * gives an attached role, but the master's URL (spark.master in
 * sparkProperties); the master's endpoint in client mode only.
 */
export type Driver = Omit<ClusterAttachment, "masterUrl" | "master"> & {
  readonly master?: MasterEndpoint;
  /** Ports to publish for executors on other hosts (a cluster spanning hosts only). */
  readonly callbackPorts: { readonly internal: number; readonly external: number; readonly ip: string }[];
};

/** How a driver role runs: its default call-back port, and how many driver JVMs its container holds at once. */
export interface DriverRole {
  readonly defaultPortBase: number;
  /** "sessions": one JVM per notebook session, as many as the port ranges allow; "one": a single JVM. */
  readonly jvms: "sessions" | "one";
}

/**
 * Places a driver named `host` (its container name, which executors call
 * back) for JupyterLab, the Connect server or any other driver role: checks
 * the wiring (and the executor memory in its `own` sparkProperties against the
 * cluster's workers) and returns its settings.
 */
export function placeDriver(
  scope: Construct,
  host: string,
  props: DriverPlacementProps,
  role: DriverRole,
  own: SparkProperties = {},
): Driver {
  const { master } = props;
  const executorMemory = own["spark.executor.memory"];
  const cluster = master?.attach(scope, {
    submitsApplications: true,
    asksExecutorMemory:
      executorMemory === undefined ? undefined : Size.parse(requireMemory(scope, "sparkProperties spark.executor.memory", executorMemory)),
  });
  if (master && cluster) {
    if (props.network && props.network !== cluster.network) {
      throw new SparkConfigError(
        scope,
        `is given another network than its master ${master.node.path}, so executors could not call the driver back.`,
        `Omit network: the driver joins the master's.`,
      );
    }
    if (props.catalog) {
      throw new SparkConfigError(
        scope,
        `is given catalog ${props.catalog.node.path}, but a driver of a cluster uses the cluster's, so every driver sees the same tables.`,
        `Omit catalog here and give it to the master.`,
      );
    }
    if (props.bucket && props.bucket !== master.bucket) {
      throw new SparkConfigError(
        scope,
        `is given bucket ${props.bucket.node.path} but its master uses ${master.bucket?.node.path ?? "no bucket"}: the driver and the executors would hold different credentials.`,
        master.bucket
          ? `Omit bucket: the driver uses the cluster's.`
          : `Give bucket ${props.bucket.node.path} to the master (SparkMaster's bucket) instead: the driver then uses it, and the executors hold its credentials too.`,
      );
    }
  }
  const image = props.image ?? cluster?.image;
  const network = props.network ?? cluster?.network;
  if (!image || !network) {
    throw new SparkConfigError(
      scope,
      `needs a Spark image and a network.`,
      `Pass master (client mode), or image and network (local mode).`,
    );
  }
  if (cluster) requireSameImage(scope, image, cluster.image);
  const hostIp = hostIpFor(scope, props.hostIp ?? cluster?.hostIp);
  const publicDns = `SPARK_PUBLIC_DNS=${hostIp}`;
  const crossHost = cluster?.crossHost;
  if (props.driverPortBase !== undefined && !crossHost) {
    throw new SparkConfigError(
      scope,
      `driverPortBase only applies to a driver of a cluster spanning hosts; here executors reach the driver on the cluster's Docker network.`,
      `Remove driverPortBase, or give the master an address.`,
    );
  }
  if (cluster) {
    const callback = crossHost
      ? callbackPorts(
          scope,
          crossHost.address,
          crossHost.portRetries,
          requirePort(scope, "driverPortBase", props.driverPortBase ?? role.defaultPortBase),
          role,
        )
      : undefined;
    return {
      master: cluster.master,
      image,
      network,
      hostIp,
      // Executors connect back to the driver in this container: by its name on the cluster's network,
      // or, across hosts, at the master's address on fixed ports published there.
      sparkProperties: mergeProperties(cluster.sparkProperties, {
        "spark.driver.host": crossHost ? crossHost.address : host,
        "spark.driver.bindAddress": "0.0.0.0",
        ...callback?.properties,
      }),
      env: [publicDns, ...cluster.env.filter((e) => !e.startsWith("SPARK_PUBLIC_DNS="))],
      volumes: cluster.volumes,
      dependsOn: cluster.dependsOn,
      callbackPorts: callback?.ports ?? [],
    };
  }
  const grant = props.bucket?.grantReadWrite(scope, network);
  const catalog = props.catalog?.grantUse(scope, network);
  return {
    image,
    network,
    hostIp,
    sparkProperties: mergeProperties(
      { "spark.master": props.localMaster ?? "local[*]" },
      grant?.sparkProperties,
      sessionProperties(scope, image, props.bucket, catalog),
    ),
    env: [publicDns, ...(grant?.env ?? [])],
    volumes: [],
    // A local-mode driver writes no event logs: nothing touches the bucket before a job does, but the catalog's schema must exist.
    dependsOn: [image, ...(catalog?.dependsOn ?? [])],
    callbackPorts: [],
  };
}

/**
 * The driver's fixed ports and what publishes them. A container holding
 * several driver JVMs (notebook sessions) gets portRetries + 1 of each kind;
 * one more session fails to start, saying its port could not be bound,
 * instead of starting where no executor can call it back.
 */
function callbackPorts(scope: Construct, address: string, portRetries: number, base: number, role: DriverRole) {
  const width = portRetries + 1;
  const blockManagerBase = base + width;
  const jvms = role.jvms === "one" ? 1 : width;
  const numbers = [...Array(jvms).keys()].flatMap((i) => [base + i, blockManagerBase + i]);
  claimHostPorts(scope, Object.fromEntries(numbers.map((p) => [`driverPortBase (call-back port ${p})`, p])));
  return {
    properties: { "spark.driver.port": String(base), "spark.driver.blockManager.port": String(blockManagerBase) },
    ports: numbers.sort((a, b) => a - b).map((p) => ({ internal: p, external: p, ip: address })),
  };
}
