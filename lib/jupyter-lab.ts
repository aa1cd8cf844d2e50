import * as path from "path";
import { Container } from "@cdktf/provider-docker/lib/container";
import { Password } from "@cdktf/provider-random/lib/password";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { ISparkCluster, SparkRole } from "./cluster";
import { dataVolume } from "./docker-volume";
import { SparkConfigError } from "./errors";
import { PublishProps, claimHostPorts, hostIpFor } from "./host-ports";
import { claim, uniqueName } from "./names";
import { S3Connection } from "./s3-connection";
import { SPARK_DEFAULTS_PATH, SparkProperties, mergeProperties, renderSparkDefaults } from "./spark-conf";
import { DockerNetwork, VolumeMount, httpHealthcheck, sparkContainer } from "./spark-container";
import { DOCKER_DIR, ISparkImage, buildImage } from "./spark-image";
import { requireDockerName } from "./validate";

const PORT = 8888;
const SPARK_UI_PORT = 4040;
const NOTEBOOKS_PATH = "/home/spark/notebooks";
const CONF_DIR = path.dirname(SPARK_DEFAULTS_PATH);
/** The JupyterLab release installed unless told otherwise. */
export const DEFAULT_JUPYTERLAB_VERSION = "4.5.11";

export interface JupyterLabProps extends PublishProps {
  /**
   * Cluster to run notebooks against in client mode; JupyterLab then shares
   * its image, network, bucket, RPC secret and event log location.
   * @default none: Spark runs in local mode inside the notebook container
   */
  readonly master?: ISparkCluster;
  /**
   * Spark image to build JupyterLab on; required without a master, and must
   * carry the master's Spark version with one.
   * @default the master's image
   */
  readonly image?: ISparkImage;
  /**
   * Docker network; required without a master, and must be the master's with one.
   * @default the master's network
   */
  readonly network?: DockerNetwork;
  /**
   * Bucket notebooks read and write, in local mode. With a master, notebooks
   * use the cluster's bucket (the executors have its credentials).
   * @default the master's bucket, or none
   */
  readonly bucket?: S3Connection;
  /**
   * Container name; in client mode also the driver host executors call back.
   * @default the construct's unique name, e.g. "team-spark-jupyter"
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
   * @default DEFAULT_JUPYTERLAB_VERSION
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
  /** The generated token (sensitive). */
  public readonly token: string;

  constructor(scope: Construct, id: string, props: JupyterLabProps) {
    super(scope, id);
    const { master } = props;
    const cluster = master?.attach(this, SparkRole.DRIVER);
    if (master && cluster) {
      if (props.network && props.network !== cluster.network) {
        throw new SparkConfigError(this, `is given another network than its master ${master.node.path}, so executors could not call the driver back.`, `Omit network: JupyterLab joins the master's.`);
      }
      if (props.bucket && props.bucket !== master.bucket) {
        throw new SparkConfigError(this, `is given bucket ${props.bucket.node.path} but its master uses ${master.bucket?.node.path ?? "no bucket"}: the driver and the executors would hold different credentials.`, `Omit bucket: notebooks use the cluster's.`);
      }
    }
    const sparkImage = props.image ?? cluster?.image;
    const network = props.network ?? cluster?.network;
    if (!sparkImage || !network) {
      throw new SparkConfigError(this, `needs a Spark image and a network.`, `Pass master (client mode), or image and network (local mode).`);
    }
    if (master && sparkImage.sparkVersion !== master.sparkVersion) {
      throw new SparkConfigError(this, `image runs Spark ${sparkImage.sparkVersion} but the master runs ${master.sparkVersion}.`, `Omit image to use the master's: driver and executors must share a Spark version.`);
    }
    this.name = requireDockerName(this, "name", props.name ?? uniqueName(this));
    claim(this, "container name", this.name, "name");
    claim(this, "container name", `${this.name}-conf`, "name (its conf writer)");
    const hostIp = hostIpFor(this, props.hostIp ?? cluster?.hostIp);
    const hostPort = props.hostPort ?? PORT;
    const sparkUiHostPort = props.sparkUiHostPort ?? SPARK_UI_PORT;
    claimHostPorts(this, { hostPort, sparkUiHostPort });
    const pipPackages = props.pipPackages ?? [];
    for (const spec of pipPackages) {
      if (!/^[A-Za-z0-9][A-Za-z0-9._\-[\],=<>!~]*$/.test(spec)) {
        throw new SparkConfigError(this, `pipPackages entry "${spec}" is not a plain requirement specifier.`, `Use forms like "pandas" or "pandas==2.2.3", without spaces or shell characters.`);
      }
    }
    if (props.notebooksHostPath !== undefined && !path.isAbsolute(props.notebooksHostPath)) {
      throw new SparkConfigError(this, `notebooksHostPath "${props.notebooksHostPath}" must be an absolute path (Terraform runs from cdktf.out).`, `Use path.resolve(...).`);
    }

    const built = buildImage(this, {
      repository: "cdktf-spark-jupyter",
      tagPrefix: sparkImage.sparkVersion,
      context: path.join(DOCKER_DIR, "jupyter"),
      buildArgs: {
        SPARK_IMAGE: sparkImage.imageName,
        JUPYTERLAB_VERSION: props.jupyterlabVersion ?? DEFAULT_JUPYTERLAB_VERSION,
        PIP_PACKAGES: pipPackages.join(" "),
      },
      dependsOn: [sparkImage],
    });

    this.token = new Password(this, "token", { length: 48, special: false }).result;
    this.url = `http://${hostIp}:${hostPort}/lab?token=${this.token}`;

    let driver: SparkProperties;
    let env: readonly string[];
    let dependsOn: readonly ITerraformDependable[];
    let shared: readonly VolumeMount[] = [];
    if (cluster) {
      driver = mergeProperties(cluster.sparkProperties, {
        // Executors connect back to the driver in this container.
        "spark.driver.host": this.name,
        "spark.driver.bindAddress": "0.0.0.0",
      });
      env = cluster.env.filter((e) => !e.startsWith("SPARK_PUBLIC_DNS="));
      dependsOn = cluster.dependsOn;
      shared = cluster.volumes;
    } else {
      const grant = props.bucket?.grantReadWrite(this, network);
      driver = mergeProperties({ "spark.master": props.localMaster ?? "local[*]" }, grant?.sparkProperties);
      env = grant?.env ?? [];
      dependsOn = grant?.dependsOn ?? [];
    }

    const retain = props.retainData ?? true;
    const notebooks: VolumeMount = props.notebooksHostPath
      ? { hostPath: props.notebooksHostPath, containerPath: NOTEBOOKS_PATH }
      : { volumeName: dataVolume(this, "notebooks", `${this.name}-notebooks`, retain), containerPath: NOTEBOOKS_PATH };

    // Spark settings reach JupyterLab through a volume that a one-shot container
    // fills at deploy: changing a setting replaces that container only, never
    // JupyterLab and its running kernels (new sessions read the new file). The
    // volume holds the RPC secret, so destroy always deletes it.
    const confVolume = dataVolume(this, "conf", `${this.name}-conf`, false);
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
      dependsOn: [sparkImage],
    });

    const container = new Container(this, "container", {
      ...sparkContainer({
        name: this.name,
        image: built.imageName,
        network,
        env: [`SPARK_PUBLIC_DNS=${hostIp}`, ...env, `JUPYTER_TOKEN=${this.token}`],
        healthcheck: httpHealthcheck(`http://127.0.0.1:${PORT}/api`),
        volumes: [notebooks, { volumeName: confVolume, containerPath: CONF_DIR, readOnly: true }, ...shared],
        dependsOn: [built.image, confWriter, ...dependsOn],
      }),
      ports: [
        { internal: PORT, external: hostPort, ip: hostIp },
        { internal: SPARK_UI_PORT, external: sparkUiHostPort, ip: hostIp },
      ],
    });
    this.node.defaultChild = container;
  }
}
