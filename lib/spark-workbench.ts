import { Network } from "@cdktf/provider-docker/lib/network";
import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { SparkConfigError } from "./errors";
import { HistoryServer, HistoryServerOptions } from "./history-server";
import { JupyterLab, JupyterLabOptions } from "./jupyter-lab";
import { claim, pathInStack, portGroup, uniqueName } from "./private/names";
import { BucketMode, S3Bucket, S3BucketOptions } from "./s3-bucket";
import { SparkCatalog } from "./spark-catalog";
import { SparkConnectServer, SparkConnectServerOptions } from "./spark-connect-server";
import { ResourceLimits } from "./docker-types";
import { IDockerNetwork } from "./docker-types";
import { SparkImage, SparkImageProps } from "./spark-image";
import { runtimeOf } from "./private/image-release";
import { SparkMaster, SparkMasterOptions } from "./spark-master";
import { SparkWorker, SparkWorkerOptions } from "./spark-worker";
import { requireEnum, requireInt } from "./private/validate";
import { TableFormat } from "./versions";

/** What a workbench runs Spark on. */
export enum WorkbenchMode {
  /** A standalone master, workers, a history server and JupyterLab in client mode. */
  CLUSTER = "cluster",
  /** JupyterLab with Spark in local mode. */
  LOCAL = "local",
}

/** The workbench's catalog (see SparkCatalog). */
export interface WorkbenchCatalogProps {
  /**
   * False leaves the catalog out: each session's catalog is then in memory and
   * forgets its tables when the session ends (their files stay on the bucket).
   * @default true
   */
  readonly enabled?: boolean;
  /** PostgreSQL image. @default SparkCatalog's, "postgres:15-bookworm" */
  readonly databaseImage?: string;
  /** Prefix of the bucket that holds the tables' files. @default "warehouse" */
  readonly warehousePrefix?: string;
  /** Keep the table definitions when the stack is destroyed. @default true */
  readonly retainData?: boolean;
  /** Memory and CPU caps of the database. @default { memory: Size.mebibytes(512), cpus: 1 } */
  readonly resources?: ResourceLimits;
  /** The catalog's name in three-part table names (`main.sales.orders`). @default "main" */
  readonly catalogName?: string;
}

export interface SparkWorkbenchProps {
  /** @default WorkbenchMode.CLUSTER */
  readonly mode?: WorkbenchMode;
  /** The Spark image. @default SparkImage defaults: the default Databricks Runtime profile, with Delta Lake and (with a catalog) Iceberg */
  readonly image?: SparkImageProps;
  /** Docker network of every container. @default a new network named after the workbench */
  readonly network?: IDockerNetwork;
  /** The bucket; a local one joins the workbench's network by itself. @default a local bucket */
  readonly bucket?: S3BucketOptions;
  /**
   * The catalog every driver shares, in PostgreSQL, with tables' files in the
   * bucket's warehouse.
   * @default a catalog with SparkCatalog defaults
   */
  readonly catalog?: WorkbenchCatalogProps;
  /** The master (cluster mode only). @default SparkMaster defaults */
  readonly master?: SparkMasterOptions;
  /** The workers (cluster mode only). @default SparkWorker defaults: 2 workers of 1 core and 1g */
  readonly workers?: SparkWorkerOptions;
  /** The history server (cluster mode only). @default HistoryServer defaults */
  readonly historyServer?: HistoryServerOptions;
  /** JupyterLab. @default JupyterLab defaults */
  readonly jupyter?: JupyterLabOptions;
  /**
   * A Spark Connect server for tools on the host, or false for none.
   * @default a server with SparkConnectServer defaults where the Spark line ships one (4.0 and later), else none
   */
  readonly connect?: SparkConnectServerOptions | false;
  /**
   * Added to every default port (8888, 8080, 7077, 8081…, 7078…, 18080,
   * 4040, 15002, 4041, 8333, and across hosts 7100…, 7200…, 7300…), so a
   * second workbench on the same Docker host needs one setting.
   * @default 0
   */
  readonly portOffset?: number;
  /**
   * Declare Terraform outputs (URLs, bucket; the Jupyter URL and RPC secret
   * as sensitive), named "<id>_<what>" after the workbench's path in its stack.
   * @default true
   */
  readonly outputs?: boolean;
}

/**
 * A runtime's workbench writes Delta tables, and Iceberg ones too when it has a
 * catalog (Iceberg commits through one); the runtime lines have builds of both.
 */
function defaultFormats(image: SparkImageProps, withCatalog: boolean): TableFormat[] | undefined {
  if (runtimeOf(image) === undefined) return undefined;
  return withCatalog ? [TableFormat.DELTA, TableFormat.ICEBERG] : [TableFormat.DELTA];
}

/** A workbench's cluster roles (WorkbenchMode.CLUSTER), see SparkWorkbench.cluster. */
export interface WorkbenchCluster {
  readonly master: SparkMaster;
  /** The first worker group; addWorkers adds more. */
  readonly workers: SparkWorker;
  readonly historyServer: HistoryServer;
}

/**
 * The whole Spark workbench in one construct: image, network, bucket, and
 * either a cluster (master, workers, history server, JupyterLab as its
 * driver) or JupyterLab in local mode, a Spark Connect server, and outputs. Usable several times in
 * one stack: every name derives from the workbench's path.
 */
export class SparkWorkbench extends Construct {
  public readonly image: SparkImage;
  public readonly network: IDockerNetwork;
  public readonly bucket: S3Bucket;
  public readonly jupyter: JupyterLab;
  /** Cluster mode only. */
  public readonly master?: SparkMaster;
  /** Cluster mode only. */
  public readonly workers?: SparkWorker;
  /** Cluster mode only. */
  public readonly historyServer?: HistoryServer;
  /** Unless turned off, or the Spark line has none. */
  public readonly connect?: SparkConnectServer;
  /** Unless turned off (catalog.enabled false). */
  public readonly catalog?: SparkCatalog;
  private readonly port: (given: number | undefined, standard: number) => number;
  private readonly acrossHosts: (given: number | undefined, standard: number) => number | undefined;

  constructor(scope: Construct, id: string, props: SparkWorkbenchProps = {}) {
    super(scope, id);
    const mode = requireEnum(this, "mode", props.mode ?? WorkbenchMode.CLUSTER, "WorkbenchMode", WorkbenchMode);
    if (mode === WorkbenchMode.LOCAL) {
      const clusterOnly = (["master", "workers", "historyServer"] as const).filter((k) => props[k] !== undefined);
      if (clusterOnly.length) {
        throw new SparkConfigError(
          this,
          `${clusterOnly.join(", ")} only apply to mode "cluster".`,
          `Remove them, or set mode WorkbenchMode.CLUSTER.`,
        );
      }
    }
    const offset = requireInt(this, "portOffset", props.portOffset ?? 0, 0);
    portGroup(this, offset, "portOffset");
    const port = (given: number | undefined, standard: number) => given ?? standard + offset;
    this.port = port;
    // Ports that only exist when the cluster spans hosts (the master has an address).
    const crossHost = mode === WorkbenchMode.CLUSTER && props.master?.address !== undefined;
    const acrossHosts = (given: number | undefined, standard: number) => (crossHost ? port(given, standard) : given);
    this.acrossHosts = acrossHosts;

    const { enabled: catalogEnabled, ...catalog } = props.catalog ?? {};
    const withCatalog = catalogEnabled ?? true;
    this.image = new SparkImage(this, "image", {
      ...props.image,
      tableFormats: props.image?.tableFormats ?? defaultFormats(props.image ?? {}, withCatalog),
    });
    if (props.network) {
      this.network = props.network;
    } else {
      const name = uniqueName(this);
      claim(this, "network name", name, "network");
      this.network = new Network(this, "network", { name });
    }
    const bucketProps = props.bucket ?? {};
    this.bucket =
      bucketProps.mode === BucketMode.AWS
        ? new S3Bucket(this, "data", bucketProps)
        : new S3Bucket(this, "data", { ...bucketProps, network: this.network, hostPort: port(bucketProps.hostPort, 8333) });

    if (withCatalog) {
      this.catalog = new SparkCatalog(this, "catalog", { ...catalog, image: this.image, network: this.network, bucket: this.bucket });
    }

    const jupyter = props.jupyter ?? {};
    const jupyterPorts = { hostPort: port(jupyter.hostPort, 8888), sparkUiHostPort: port(jupyter.sparkUiHostPort, 4040) };
    if (mode === WorkbenchMode.LOCAL) {
      this.jupyter = new JupyterLab(this, "jupyter", {
        ...jupyter,
        ...jupyterPorts,
        image: this.image,
        network: this.network,
        bucket: this.bucket,
        catalog: this.catalog,
      });
    } else {
      const master = props.master ?? {};
      this.master = new SparkMaster(this, "master", {
        ...master,
        rpcHostPort: port(master.rpcHostPort, 7077),
        uiHostPort: port(master.uiHostPort, 8080),
        executorPortBase: acrossHosts(master.executorPortBase, 7300),
        image: this.image,
        network: this.network,
        bucket: this.bucket,
        catalog: this.catalog,
      });
      this.workers = this.addWorkers("worker", props.workers ?? {});
      this.historyServer = new HistoryServer(this, "history", {
        ...props.historyServer,
        uiHostPort: port(props.historyServer?.uiHostPort, 18080),
        master: this.master,
      });
      this.jupyter = new JupyterLab(this, "jupyter", {
        ...jupyter,
        ...jupyterPorts,
        driverPortBase: acrossHosts(jupyter.driverPortBase, 7100),
        master: this.master,
      });
    }
    if (props.connect !== false && (props.connect !== undefined || this.image.release.connectServer)) {
      const connect = props.connect ?? {};
      const placement = this.master
        ? { master: this.master }
        : { image: this.image, network: this.network, bucket: this.bucket, catalog: this.catalog };
      this.connect = new SparkConnectServer(this, "connect", {
        ...connect,
        hostPort: port(connect.hostPort, 15002),
        sparkUiHostPort: port(connect.sparkUiHostPort, 4041),
        driverPortBase: acrossHosts(connect.driverPortBase, 7200),
        ...placement,
      });
    }
    if (props.outputs ?? true) this.addOutputs();
  }

  /**
   * The cluster's roles, typed without `undefined`: for code that knows the
   * workbench runs in mode "cluster" (the default). In mode "local" it fails
   * synthesis naming the mode.
   */
  public get cluster(): WorkbenchCluster {
    if (!this.master || !this.workers || !this.historyServer) {
      throw new SparkConfigError(
        this,
        `has no cluster: it runs in mode "local".`,
        `Use mode WorkbenchMode.CLUSTER, or read master, workers and historyServer, which are undefined in local mode.`,
      );
    }
    return { master: this.master, workers: this.workers, historyServer: this.historyServer };
  }

  /**
   * Another group of workers for the cluster, e.g. on another Docker host
   * (`host`, which needs the master's address). Its default ports are the
   * workbench's (portOffset applies); on one host, two groups need different ones.
   */
  public addWorkers(id: string, props: SparkWorkerOptions): SparkWorker {
    if (!this.master) {
      throw new SparkConfigError(
        this,
        `has no cluster to add workers "${id}" to: it runs in mode "local".`,
        `Use mode WorkbenchMode.CLUSTER.`,
      );
    }
    return new SparkWorker(this, id, {
      ...props,
      uiPortBase: this.port(props.uiPortBase, 8081),
      rpcPortBase: this.acrossHosts(props.rpcPortBase, 7078),
      master: this.master,
    });
  }

  /** Outputs named after the workbench's path below its stack, so two workbenches never share one. */
  private addOutputs(): void {
    const prefix = pathInStack(this)
      .join("_")
      .replace(/[^A-Za-z0-9_]/g, "_");
    const output = (name: string, value: unknown, sensitive = false) =>
      new TerraformOutput(this, `${name}-output`, { value, sensitive, staticId: true }).overrideLogicalId(`${prefix}_${name}`);
    output("jupyter_url", this.jupyter.url, true);
    output("jupyter_container", this.jupyter.name);
    output("bucket_name", this.bucket.bucketName);
    output("bucket_uri", this.bucket.uri);
    if (this.bucket.hostEndpoint) output("s3_endpoint", this.bucket.hostEndpoint);
    if (this.bucket.policyArn) output("s3a_policy_arn", this.bucket.policyArn);
    if (this.connect) {
      output("connect_url", this.connect.url, true);
      output("connect_ui", this.connect.uiUrl);
    }
    if (this.master && this.workers && this.historyServer) {
      output("master_url", this.master.masterUrl);
      output("master_ui", this.master.uiUrl);
      output("worker_uis", this.workers.uiUrls);
      output("history_ui", this.historyServer.uiUrl);
      if (this.master.rpcSecret) output("rpc_secret", this.master.rpcSecret, true);
    }
  }
}
