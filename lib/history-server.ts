import { Container } from "@cdktf/provider-docker/lib/container";
import { Construct } from "constructs";
import { configError } from "./errors";
import { PublishProps, claimHostPorts, hostIpFor } from "./host-ports";
import { mergeProperties } from "./spark-conf";
import { defaultName, httpHealthcheck, sparkContainer } from "./spark-container";
import { SparkMaster } from "./spark-master";

const UI_PORT = 18080;

export interface HistoryServerProps extends PublishProps {
  /** The cluster whose applications it shows; it reads the master's event log location. */
  readonly master: SparkMaster;
  /**
   * Host port of the history UI.
   * @default 18080
   */
  readonly uiHostPort?: number;
  /**
   * Container name.
   * @default "<stack>-spark-history"
   */
  readonly name?: string;
  /**
   * Delete event logs older than this (spark.history.fs.cleaner.maxAge), e.g. "30d".
   * @default "30d"
   */
  readonly maxAge?: string;
}

/**
 * The Spark history server. It reads exactly the directory drivers write
 * event logs to (the master's eventLogDir), so every application shows up.
 */
export class HistoryServer extends Construct {
  /** Container name. */
  public readonly name: string;
  /** The history UI as seen from the host. */
  public readonly uiUrl: string;
  /** The history server container. */
  public readonly container: Container;

  constructor(scope: Construct, id: string, props: HistoryServerProps) {
    super(scope, id);
    const { master } = props;
    this.name = defaultName(this, "spark-history", props.name);
    const hostIp = hostIpFor(this, { hostIp: props.hostIp ?? master.hostIp });
    const uiHostPort = props.uiHostPort ?? UI_PORT;
    claimHostPorts(this, { uiHostPort });
    this.uiUrl = `http://${hostIp}:${uiHostPort}`;
    const maxAge = props.maxAge ?? "30d";
    if (!/^[1-9]\d*[smhd]$/.test(maxAge)) {
      throw configError(this, `maxAge "${maxAge}" is not a duration. Use a whole number followed by s, m, h or d, e.g. "30d".`);
    }

    this.container = new Container(this, "container", {
      ...sparkContainer({
        name: this.name,
        image: master.image.imageName,
        network: master.network,
        env: master.commonEnv,
        properties: mergeProperties(
          {
            "spark.history.fs.logDirectory": master.eventLogDir,
            "spark.history.ui.port": String(UI_PORT),
            "spark.history.fs.cleaner.enabled": "true",
            "spark.history.fs.cleaner.maxAge": maxAge,
          },
          master.commonProperties,
        ),
        healthcheck: httpHealthcheck(`http://127.0.0.1:${UI_PORT}/api/v1/applications`),
      }),
      command: ["/opt/spark/bin/spark-class", "org.apache.spark.deploy.history.HistoryServer"],
      ports: [{ internal: UI_PORT, external: uiHostPort, ip: hostIp }],
      volumes: master.eventLogMounts(),
      dependsOn: [master.container],
    });
  }
}
