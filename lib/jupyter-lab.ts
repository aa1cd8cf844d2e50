import * as path from "path";
import { Container } from "@cdktf/provider-docker/lib/container";
import { Password } from "@cdktf/provider-random/lib/password";
import { Construct } from "constructs";
import { dataVolume } from "./private/docker-volume";
import { DriverOptions, DriverPlacementProps, placeDriver } from "./driver";
import { SparkConfigError } from "./errors";
import { claimHostPorts } from "./host-ports";
import { claim, containerName } from "./private/names";
import { SPARK_DEFAULTS_PATH, mergeProperties } from "./private/spark-conf";
import { SparkProperties } from "./spark-properties";
import { SPARK_USER, containerFence, httpHealthcheck } from "./private/spark-container";
import { ResourceLimits, VolumeMount } from "./docker-types";
import { SparkDriverConstruct } from "./spark-role";
import { DOCKER_DIR, buildImage } from "./spark-image";
import { limitsOf } from "./private/validate";
import { Size } from "./size";

const PORT = 8888;
const SPARK_UI_PORT = 4040;
const NOTEBOOKS_PATH = "/home/spark/notebooks";
const CONF_DIR = path.dirname(SPARK_DEFAULTS_PATH);
/**
 * log4j of notebook sessions (and of spark-submit from JupyterLab's terminal):
 * warnings and errors only, on stderr, which the kernel shows in the cell, less
 * the notices every session would print that are no problem of the user's (the
 * native-Hadoop fallback, Hive settings and hooks Spark's own client does not
 * use, the stack trace of a glob read's streaming-metadata probe, the metastore's notes on schemas it looks up
 * and on Delta tables it stores in Spark's own format).
 */
const NOTEBOOK_LOG4J = [
  "rootLogger.level = warn",
  "rootLogger.appenderRef.stderr.ref = console",
  "appender.console.type = Console",
  "appender.console.name = console",
  "appender.console.target = SYSTEM_ERR",
  "appender.console.layout.type = PatternLayout",
  "appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n%ex",
  "logger.native.name = org.apache.hadoop.util.NativeCodeLoader",
  "logger.native.level = error",
  "logger.hiveconf.name = org.apache.hadoop.hive.conf.HiveConf",
  "logger.hiveconf.level = error",
  "logger.hivesession.name = org.apache.hadoop.hive.ql.session.SessionState",
  "logger.hivesession.level = error",
  // Reading a glob (s3a://…/*.json.gz) logs a FileNotFoundException stack while Spark looks for a streaming sink's metadata there.
  "logger.filestreamsink.name = org.apache.spark.sql.execution.streaming.FileStreamSink",
  "logger.filestreamsink.level = error",
  "logger.filestreamsinks.name = org.apache.spark.sql.execution.streaming.sinks.FileStreamSink",
  "logger.filestreamsinks.level = error",
  // The metastore's own notes on a schema it looks up before creating it, and on every Delta table ("no Hive SerDe").
  "logger.objectstore.name = org.apache.hadoop.hive.metastore.ObjectStore",
  "logger.objectstore.level = error",
  "logger.hivecatalog.name = org.apache.spark.sql.hive.HiveExternalCatalog",
  "logger.hivecatalog.level = error",
  "",
].join("\n");
/** The JupyterLab release installed unless told otherwise. */
export const DEFAULT_JUPYTERLAB_VERSION = "4.6.6";

/** JupyterLab's own settings, as a workbench takes them (it places the driver itself). */
export interface JupyterLabOptions extends DriverOptions {
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
   * @default JupyterLab.DEFAULT_VERSION
   */
  readonly jupyterlabVersion?: string;
  /**
   * Extra pip requirement specifiers for the notebook only, e.g.
   * ["jupyterlab-git==0.51.1"]: installed in JupyterLab's image within the
   * versions of the Spark image's Python environment (a package the executors
   * need belongs in the image's `pythonPackages`, which every role gets).
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
   * Memory and CPU caps of the JupyterLab (every notebook's driver JVM and Python run in it) container.
   * @default { memory: Size.gibibytes(4), cpus: 2 }
   */
  readonly resources?: ResourceLimits;
  /**
   * Extra Spark properties for notebook sessions (override the defaults).
   * @default {}
   */
  readonly sparkProperties?: SparkProperties;
}

export interface JupyterLabProps extends JupyterLabOptions, DriverPlacementProps {}

/**
 * JupyterLab whose kernels run Spark: in local mode on their own, or as a
 * client-mode driver of a standalone cluster. Built on the cluster's Spark
 * image, so driver and executors share Spark and Python versions.
 */
export class JupyterLab extends SparkDriverConstruct {
  /** The JupyterLab release images get unless `jupyterlabVersion` says otherwise. */
  public static readonly DEFAULT_VERSION: string = DEFAULT_JUPYTERLAB_VERSION;

  /** Container name. */
  public readonly name: string;
  /** JupyterLab URL with its generated token (sensitive: it grants a shell). */
  public readonly url: string;
  /** The generated token (sensitive). */
  public readonly token: string;

  constructor(scope: Construct, id: string, props: JupyterLabProps) {
    super(scope, id);
    this.name = containerName(this, props.name);
    claim(this, "container name", `${this.name}-conf`, "name (its conf writer)");
    this._cluster = props.master;
    const driver = placeDriver(this, this.name, props, { defaultPortBase: 7100, jvms: "sessions" }, props.sparkProperties);
    const sparkImage = driver.image;
    const bucket = props.master?.bucket ?? props.bucket;
    const hostPort = props.hostPort ?? PORT;
    const sparkUiHostPort = props.sparkUiHostPort ?? SPARK_UI_PORT;
    claimHostPorts(this, { hostPort, sparkUiHostPort });
    const pipPackages = props.pipPackages ?? [];
    for (const spec of pipPackages) {
      if (!/^[A-Za-z0-9][A-Za-z0-9._\-[\],=<>!~]*$/.test(spec)) {
        throw new SparkConfigError(
          this,
          `pipPackages entry "${spec}" is not a plain requirement specifier.`,
          `Use forms like "pandas" or "pandas==2.2.3", without spaces or shell characters.`,
        );
      }
    }
    if (props.notebooksHostPath !== undefined && !path.isAbsolute(props.notebooksHostPath)) {
      throw new SparkConfigError(
        this,
        `notebooksHostPath "${props.notebooksHostPath}" must be an absolute path (Terraform runs from cdktf.out).`,
        `Use path.resolve(...).`,
      );
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
    this.url = `http://${driver.hostIp}:${hostPort}/lab?token=${this.token}`;

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
      upload: [
        {
          file: SPARK_DEFAULTS_PATH,
          content: this._additions._sparkDefaults(
            mergeProperties(driver.sparkProperties, { "spark.ui.port": String(SPARK_UI_PORT) }, props.sparkProperties),
          ),
        },
        { file: `${CONF_DIR}/log4j2.properties`, content: NOTEBOOK_LOG4J },
      ],
      volumes: [{ volumeName: confVolume, containerPath: CONF_DIR }],
      dependsOn: [sparkImage],
      ...containerFence({ user: SPARK_USER, memoryMb: 128, cpus: 0.5 }),
    });

    this._container(
      "container",
      {
        name: this.name,
        image: built.imageName,
        network: driver.network,
        // The first session's UI as the host sees it, for the link each notebook prints; dbfs:/ paths
        // (dbutils.fs, %fs) on the bucket, as the DBFS root is a workspace's bucket on Databricks.
        env: [
          ...driver.env,
          `JUPYTER_TOKEN=${this.token}`,
          `CDKTF_SPARK_UI_URL=http://${driver.hostIp}:${sparkUiHostPort}`,
          ...(bucket ? [`CDKTF_SPARK_DBFS_ROOT=${bucket.uri}`] : []),
        ],
        healthcheck: httpHealthcheck(`http://127.0.0.1:${PORT}/api`),
        volumes: [notebooks, { volumeName: confVolume, containerPath: CONF_DIR, readOnly: true }, ...driver.volumes],
        dependsOn: [built.image, confWriter, ...driver.dependsOn],
        ...limitsOf(this, props.resources, { memory: Size.gibibytes(4), cpus: 2 }),
      },
      {
        ports: [
          { internal: PORT, external: hostPort, ip: driver.hostIp },
          { internal: SPARK_UI_PORT, external: sparkUiHostPort, ip: driver.hostIp },
          ...driver.callbackPorts,
        ],
      },
    );
  }

  /**
   * A secret notebooks read as on Databricks, `dbutils.secrets.get(scope, key)`:
   * passed to JupyterLab's container as an environment variable (never a file in
   * an image). Like every container setting it is in Terraform's state and
   * `docker inspect`: pass a sensitive value (a TerraformVariable, a secret
   * manager's data source) rather than a literal.
   */
  public addSecret(scope: string, key: string, value: string): void {
    for (const [what, name] of [
      ["scope", scope],
      ["key", key],
    ]) {
      if (!/^[A-Za-z0-9_.-]+$/.test(name)) {
        throw new SparkConfigError(
          this,
          `secret ${what} "${name}" is not a Databricks secret ${what} name.`,
          `Use letters, digits, "_", "-" and ".".`,
        );
      }
    }
    this.addEnvironment(secretVariable(scope, key), value);
  }
}

/** The variable `dbutils.secrets` reads a secret from (cdktf_spark_notebook/dbutils): upper case, "_" for other characters. */
export function secretVariable(scope: string, key: string): string {
  const part = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]/g, "_");
  return `CDKTF_SPARK_SECRET_${part(scope)}__${part(key)}`;
}
