import * as path from "path";
import { Container } from "@cdktf/provider-docker/lib/container";
import { Image } from "@cdktf/provider-docker/lib/image";
import { Network } from "@cdktf/provider-docker/lib/network";
import { Password } from "@cdktf/provider-random/lib/password";
import { Construct } from "constructs";
import { dataVolume } from "./docker-volume";
import { configError } from "./errors";
import { PublishProps, claimHostPorts, hostIpFor } from "./host-ports";
import { S3Connection } from "./s3-connection";
import { SPARK_DEFAULTS_PATH, SparkProperties, mergeProperties, renderSparkDefaults } from "./spark-conf";
import { defaultName, httpHealthcheck, sparkContainer } from "./spark-container";
import { DOCKER_DIR, SparkImage, buildImage } from "./spark-image";
import { SparkMaster } from "./spark-master";

const PORT = 8888;
const SPARK_UI_PORT = 4040;
const NOTEBOOKS_PATH = "/home/spark/notebooks";
const CONF_DIR = path.dirname(SPARK_DEFAULTS_PATH);

export interface JupyterLabProps extends PublishProps {
  /**
   * Cluster to run notebooks against in client mode; JupyterLab then shares
   * its image, network, bucket, RPC secret and event log location.
   * @default none: Spark runs in local mode inside the notebook container
   */
  readonly master?: SparkMaster;
  /**
   * Spark image to build JupyterLab on; required without a master, and must
   * carry the master's Spark version with one.
   * @default the master's image
   */
  readonly image?: SparkImage;
  /**
   * Docker network; required without a master.
   * @default the master's network
   */
  readonly network?: Network;
  /**
   * Bucket whose s3a settings and credentials notebooks get.
   * @default the master's bucket, or none
   */
  readonly bucket?: S3Connection;
  /**
   * Container name; in client mode also the driver host executors call back.
   * @default "<stack>-jupyter"
   */
  readonly name?: string;
  /**
   * Host port of JupyterLab.
   * @default 8888
   */
  readonly hostPort?: number;
  /**
   * Host port of the first notebook's Spark UI.
   * @default 4040
   */
  readonly sparkUiHostPort?: number;
  /**
   * JupyterLab version installed from PyPI.
   * @default "4.5.11"
   */
  readonly jupyterlabVersion?: string;
  /**
   * Extra pip requirement specifiers baked into the image, e.g. ["pandas==2.2.3"].
   * @default []
   */
  readonly pipPackages?: string[];
  /**
   * Absolute host folder to keep notebooks in (must be writable by uid 185).
   * @default the named volume "<name>-notebooks"
   */
  readonly notebooksHostPath?: string;
  /**
   * Keep the notebooks volume when the stack is destroyed.
   * @default true
   */
  readonly retainData?: boolean;
  /**
   * spark.master in local mode (no master given).
   * @default "local[*]"
   */
  readonly localMaster?: string;
  /**
   * Extra Spark properties for notebook sessions (override the defaults).
   * @default {}
   */
  readonly sparkProperties?: SparkProperties;
}

/**
 * JupyterLab whose kernels run Spark: in local mode on their own, or as a
 * client-mode driver of a standalone cluster. Built on the cluster's Spark
 * image, so driver and executors share Spark and Python versions.
 */
export class JupyterLab extends Construct {
  /** Container name. */
  public readonly name: string;
  /** JupyterLab URL with its generated token (sensitive: it grants a shell). */
  public readonly url: string;
  /** The generated token. */
  public readonly token: string;
  /** The image JupyterLab runs. */
  public readonly image: Image;
  /** The JupyterLab container. */
  public readonly container: Container;

  constructor(scope: Construct, id: string, props: JupyterLabProps) {
    super(scope, id);
    const { master } = props;
    const sparkImage = props.image ?? master?.image;
    const network = props.network ?? master?.network;
    if (!sparkImage || !network) {
      throw configError(this, `needs a Spark image and a network. Pass master (client mode), or image and network (local mode).`);
    }
    if (master && sparkImage.sparkVersion !== master.image.sparkVersion) {
      throw configError(this, `image runs Spark ${sparkImage.sparkVersion} but the master runs ${master.image.sparkVersion}. Omit image to use the master's: driver and executors must share a Spark version.`);
    }
    const bucket = props.bucket ?? master?.bucket;
    this.name = defaultName(this, "jupyter", props.name);
    const hostIp = hostIpFor(this, { hostIp: props.hostIp ?? master?.hostIp });
    const hostPort = props.hostPort ?? PORT;
    const sparkUiHostPort = props.sparkUiHostPort ?? SPARK_UI_PORT;
    claimHostPorts(this, { hostPort, sparkUiHostPort });
    const pipPackages = props.pipPackages ?? [];
    for (const spec of pipPackages) {
      if (!/^[A-Za-z0-9][A-Za-z0-9._\-[\],=<>!~]*$/.test(spec)) {
        throw configError(this, `pipPackages entry "${spec}" is not a plain requirement specifier. Use forms like "pandas" or "pandas==2.2.3", without spaces or shell characters.`);
      }
    }
    if (props.notebooksHostPath !== undefined && !path.isAbsolute(props.notebooksHostPath)) {
      throw configError(this, `notebooksHostPath "${props.notebooksHostPath}" must be an absolute path (Terraform runs from cdktf.out). Use path.resolve(...).`);
    }

    const built = buildImage(this, {
      repository: "cdktf-spark-jupyter",
      tagPrefix: sparkImage.sparkVersion,
      context: path.join(DOCKER_DIR, "jupyter"),
      buildArgs: {
        SPARK_IMAGE: sparkImage.imageName,
        JUPYTERLAB_VERSION: props.jupyterlabVersion ?? "4.5.11",
        PIP_PACKAGES: pipPackages.join(" "),
      },
      dependsOn: [sparkImage.image],
    });
    this.image = built.image;

    const token = new Password(this, "token", { length: 48, special: false });
    this.token = token.result;
    this.url = `http://${hostIp}:${hostPort}/lab?token=${this.token}`;

    const driver: SparkProperties = master
      ? mergeProperties(master.driverProperties, props.bucket?.sparkProperties, {
          // Executors connect back to the driver in this container.
          "spark.driver.host": this.name,
          "spark.driver.bindAddress": "0.0.0.0",
        })
      : mergeProperties({ "spark.master": props.localMaster ?? "local[*]" }, bucket?.sparkProperties);

    const retain = props.retainData ?? true;
    const notebooks = props.notebooksHostPath
      ? { hostPath: props.notebooksHostPath, containerPath: NOTEBOOKS_PATH }
      : { volumeName: dataVolume(this, "notebooks", { name: `${this.name}-notebooks`, retain }), containerPath: NOTEBOOKS_PATH };

    // Spark settings reach JupyterLab through a volume that a one-shot container
    // fills at deploy: changing a setting replaces that container only, never
    // JupyterLab and its running kernels (new sessions read the new file).
    const confVolume = dataVolume(this, "conf", { name: `${this.name}-conf`, retain });
    const confWriter = new Container(this, "conf-writer", {
      name: `${this.name}-conf`,
      image: sparkImage.imageName,
      command: ["true"],
      mustRun: false,
      attach: true,
      upload: [{
        file: SPARK_DEFAULTS_PATH,
        content: renderSparkDefaults(mergeProperties(driver, { "spark.ui.port": String(SPARK_UI_PORT) }, props.sparkProperties)),
      }],
      volumes: [{ volumeName: confVolume, containerPath: CONF_DIR }],
      dependsOn: [sparkImage.image],
    });

    this.container = new Container(this, "container", {
      ...sparkContainer({
        name: this.name,
        image: built.imageName,
        network,
        env: [`SPARK_PUBLIC_DNS=${hostIp}`, ...(bucket?.env ?? []), `JUPYTER_TOKEN=${this.token}`],
        healthcheck: httpHealthcheck(`http://127.0.0.1:${PORT}/api`),
      }),
      ports: [
        { internal: PORT, external: hostPort, ip: hostIp },
        { internal: SPARK_UI_PORT, external: sparkUiHostPort, ip: hostIp },
      ],
      volumes: [notebooks, { volumeName: confVolume, containerPath: CONF_DIR, readOnly: true }, ...(master?.eventLogMounts() ?? [])],
      dependsOn: [built.image, confWriter, ...(master ? [master.container] : []), ...(bucket?.dependables ?? [])],
    });
  }
}
