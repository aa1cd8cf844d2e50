import { Construct } from "constructs";
import { ISparkCluster } from "./cluster";
import { PublishProps, claimHostPorts, hostIpFor } from "./host-ports";
import { containerName } from "./private/names";
import { mergeProperties } from "./private/spark-conf";
import { httpHealthcheck } from "./private/spark-container";
import { ResourceLimits } from "./docker-types";
import { SparkRoleConstruct } from "./spark-role";
import { Duration } from "./duration";
import { limitsOf, requireDuration } from "./private/validate";
import { Size } from "./size";

const UI_PORT = 18080;

/** A HistoryServer's settings but its cluster, as a workbench takes them. */
export interface HistoryServerOptions extends PublishProps {
  /**
   * Host port of the history UI.
   * @default 18080
   */
  readonly uiHostPort?: number;
  /**
   * Container name.
   * @default the construct's unique name, e.g. "team-spark-history"
   */
  readonly name?: string;
  /**
   * Memory and CPU caps of the history server container.
   * @default { memory: Size.mebibytes(1536), cpus: 1 }
   */
  readonly resources?: ResourceLimits;
  /**
   * Delete event logs older than this (spark.history.fs.cleaner.maxAge).
   * @default Duration.days(30)
   */
  readonly maxAge?: Duration;
}

export interface HistoryServerProps extends HistoryServerOptions {
  /** The cluster whose applications it shows; it reads the cluster's event log location. */
  readonly master: ISparkCluster;
}

/**
 * The Spark history server. It reads exactly the directory drivers write
 * event logs to (the cluster's eventLogDir), so every application shows up.
 */
export class HistoryServer extends SparkRoleConstruct {
  /** Container name. */
  public readonly name: string;
  /** The history UI as seen from the host. */
  public readonly uiUrl: string;

  constructor(scope: Construct, id: string, props: HistoryServerProps) {
    super(scope, id);
    const cluster = props.master.attach(this, { readsEventLogs: true });
    this.name = containerName(this, props.name);
    const hostIp = hostIpFor(this, props.hostIp ?? cluster.hostIp);
    const uiHostPort = props.uiHostPort ?? UI_PORT;
    claimHostPorts(this, { uiHostPort });
    this.uiUrl = `http://${hostIp}:${uiHostPort}`;
    const maxAge = requireDuration(this, "maxAge", props.maxAge ?? Duration.days(30));

    this._container(
      "container",
      {
        name: this.name,
        image: cluster.image.imageName,
        network: cluster.network,
        env: cluster.env,
        properties: mergeProperties(
          {
            "spark.history.ui.port": String(UI_PORT),
            "spark.history.fs.cleaner.enabled": "true",
            "spark.history.fs.cleaner.maxAge": maxAge,
          },
          cluster.sparkProperties,
        ),
        daemon: true,
        // Shows finished applications: nothing waits for it.
        background: true,
        healthcheck: httpHealthcheck(`http://127.0.0.1:${UI_PORT}/api/v1/applications`),
        volumes: cluster.volumes,
        dependsOn: cluster.dependsOn,
        ...limitsOf(this, props.resources, { memory: Size.mebibytes(1536), cpus: 1 }),
      },
      {
        command: ["/opt/spark/bin/spark-class", "org.apache.spark.deploy.history.HistoryServer"],
        ports: [{ internal: UI_PORT, external: uiHostPort, ip: hostIp }],
      },
    );
  }
}
