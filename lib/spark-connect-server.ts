import { Password } from "@cdktf/provider-random/lib/password";
import { Construct } from "constructs";
import { DriverOptions, DriverPlacementProps, placeDriver } from "./driver";
import { SparkConfigError } from "./errors";
import { claimHostPorts } from "./host-ports";
import { containerName } from "./private/names";
import { mergeProperties } from "./private/spark-conf";
import { SparkProperties } from "./spark-properties";
import { commandHealthcheck, startWhenReachable } from "./private/spark-container";
import { ResourceLimits } from "./docker-types";
import { SparkDriverConstruct } from "./spark-role";
import { limitsOf } from "./private/validate";
import { Size } from "./size";

const PORT = 15002;
const UI_PORT = 4040;
const SERVER = ["/opt/spark/bin/spark-submit", "--class", "org.apache.spark.sql.connect.service.SparkConnectServer"];

/** the Connect server's own settings, as a workbench takes them (it places the driver itself). */
export interface SparkConnectServerOptions extends DriverOptions {
  /**
   * Container name (also the driver host executors call back in client mode).
   * @default the construct's unique name, e.g. "team-spark-connect"
   */
  readonly name?: string;
  /**
   * Host port of the Connect endpoint (gRPC).
   * @default 15002
   */
  readonly hostPort?: number;
  /**
   * Host port of the server's Spark UI.
   * @default 4041 (4040 is JupyterLab's first notebook)
   */
  readonly sparkUiHostPort?: number;
  /**
   * Memory and CPU caps of the Connect server container.
   * @default { memory: Size.gibibytes(2), cpus: 2 }
   */
  readonly resources?: ResourceLimits;
  /**
   * Extra Spark properties for the server's session (override the defaults).
   * @default {}
   */
  readonly sparkProperties?: SparkProperties;
}

export interface SparkConnectServerProps extends SparkConnectServerOptions, DriverPlacementProps {}

/**
 * A Spark Connect server: one gRPC port through which tools on the host (the
 * thin `pyspark-client`, no JVM, no call-back ports) run DataFrame and SQL
 * work on the cluster (client mode, executors on the workers) or in local
 * mode. A generated token is required on every request. Against a cluster it
 * holds executors only while it works (dynamic allocation), so it never
 * keeps cores other applications need.
 */
export class SparkConnectServer extends SparkDriverConstruct {
  /** Container name. */
  public readonly name: string;
  /** sc://localhost:<port>/;token=… for `SparkSession.builder.remote(...)` (sensitive: it grants the cluster). */
  public readonly url: string;
  /** The generated token (sensitive). */
  public readonly token: string;
  /** The server's Spark UI as seen from the host. */
  public readonly uiUrl: string;

  constructor(scope: Construct, id: string, props: SparkConnectServerProps) {
    super(scope, id);
    this.name = containerName(this, props.name);
    this._cluster = props.master;
    const driver = placeDriver(this, this.name, props, { defaultPortBase: 7200, jvms: "one" }, props.sparkProperties);
    if (!driver.image.release.connectServer) {
      throw new SparkConfigError(
        this,
        `Spark ${driver.image.sparkVersion} does not ship a Connect server with token authentication (the ${driver.image.release.line} line keeps it in a separate package, without it).`,
        `Use a 4.0 or later sparkVersion for Spark Connect.`,
      );
    }
    const hostPort = props.hostPort ?? PORT;
    const sparkUiHostPort = props.sparkUiHostPort ?? UI_PORT + 1;
    claimHostPorts(this, { hostPort, sparkUiHostPort });
    this.token = new Password(this, "token", { length: 48, special: false }).result;
    // The Python client sends a token without TLS only to the host literally named "localhost".
    const host = driver.hostIp.startsWith("127.") ? "localhost" : driver.hostIp;
    this.url = `sc://${host}:${hostPort}/;token=${this.token}`;
    this.uiUrl = `http://${driver.hostIp}:${sparkUiHostPort}`;

    const clientMode = props.master !== undefined;
    this._container(
      "container",
      {
        name: this.name,
        image: driver.image.imageName,
        network: driver.network,
        env: [...driver.env, `SPARK_CONNECT_AUTHENTICATE_TOKEN=${this.token}`],
        properties: mergeProperties(
          driver.sparkProperties,
          {
            "spark.connect.grpc.binding.port": String(PORT),
            "spark.ui.port": String(UI_PORT),
            "spark.app.name": "Spark Connect server",
          },
          // A server runs for weeks: executors come when sessions work and go after a minute idle.
          clientMode
            ? {
                "spark.dynamicAllocation.enabled": "true",
                "spark.dynamicAllocation.shuffleTracking.enabled": "true",
                "spark.dynamicAllocation.executorIdleTimeout": "60s",
              }
            : {},
          props.sparkProperties,
        ),
        // Serves host tools; jobs and notebooks do not wait for it.
        background: true,
        // The gRPC port accepting connections (bash's /dev/tcp: the image has no grpc tools).
        healthcheck: commandHealthcheck(["CMD", "bash", "-c", `exec 3<>/dev/tcp/127.0.0.1/${PORT}`]),
        volumes: driver.volumes,
        dependsOn: driver.dependsOn,
        ...limitsOf(this, props.resources, { memory: Size.gibibytes(2), cpus: 2 }),
      },
      {
        // Its SparkContext registers with the master at start (a failed attempt is retried 20 s later).
        command: driver.master ? startWhenReachable(driver.master, SERVER) : SERVER,
        ports: [
          { internal: PORT, external: hostPort, ip: driver.hostIp },
          { internal: UI_PORT, external: sparkUiHostPort, ip: driver.hostIp },
          ...driver.callbackPorts,
        ],
      },
    );
  }
}
