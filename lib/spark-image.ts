import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { Image } from "@cdktf/provider-docker/lib/image";
import { DockerProvider } from "@cdktf/provider-docker/lib/provider";
import { Annotations, AssetType, ITerraformDependable, TerraformAsset, TerraformStack } from "cdktf";
import { Construct, IConstruct } from "constructs";
import { DatabricksRuntime, DatabricksRuntimeProfile } from "./databricks-runtime";
import { SparkConfigError } from "./errors";
import { imageBuildArgs, resolveImageRelease } from "./private/image-release";
import { SparkRelease, TableFormat } from "./versions";

/**
 * Folder holding the Dockerfiles: the nearest docker/ above this file (lib/ in
 * the repository, dist/ in the package, or a compiled copy elsewhere). Builds
 * read a copy of it in the stack's output (see buildContext), never this path.
 */
export const DOCKER_DIR = findDockerDir(__dirname);

function findDockerDir(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "docker");
    if (fs.existsSync(path.join(candidate, "spark", "Dockerfile"))) return candidate;
    if (path.dirname(dir) === dir)
      throw new Error(`cdktf-spark: no docker/spark/Dockerfile above ${from}; the installation is incomplete, reinstall the package.`);
  }
}

/** A Spark image containers can run: what the constructs need to know of it. */
export interface ISparkImage extends IConstruct, ITerraformDependable {
  /** Full Spark version, e.g. "4.1.2". */
  readonly sparkVersion: string;
  /** The image reference containers run (name:tag). */
  readonly imageName: string;
  /** The release line's facts (Hadoop, SDK, Connect server). */
  readonly release: SparkRelease;
  /**
   * The Python environment every role of the image runs, e.g. "the 4.3 data
   * stack + polars==1.20.0": two images of one cluster must name the same one.
   */
  readonly pythonEnvironment: string;
  /** The open table formats whose jars the image carries. */
  readonly tableFormats: TableFormat[];
  /** The Databricks Runtime the image reproduces, if any: its sessions then default to Delta tables, as there. */
  readonly runtime?: DatabricksRuntimeProfile;
  /**
   * The same image on another Docker host (the one `provider` talks to), for
   * roles placed there. Asked twice for one host, it returns one image.
   */
  onHost(provider: DockerProvider): ISparkImage;
}

export interface SparkImageProps {
  /**
   * The Databricks Runtime whose notebooks to reproduce
   * (DatabricksRuntimes.PROFILES): its Spark line at the newest open-source
   * patch, Delta Lake (a table created without `USING` is a Delta table, as
   * there), and the Python libraries its release notes list, pinned on the
   * driver and every executor. What cannot match (the Python minor) is said at
   * synth and in every notebook's ready line. Not together with sparkVersion.
   * @default DatabricksRuntimes.DEFAULT (18 LTS), unless sparkVersion is given or pythonDataStack is false
   */
  readonly runtime?: DatabricksRuntime;
  /**
   * Spark version: a release of one of the lines in SparkReleases.LINES, or a
   * line alone ("4.3") for its newest release. Runs that line's data stack, no
   * Databricks Runtime profile.
   * @default the runtime's (SparkReleases.DEFAULT_VERSION for the default runtime)
   */
  readonly sparkVersion?: string;
  /**
   * Image to build on: must be laid out like apache/spark (SPARK_HOME=/opt/spark,
   * user spark, python3) and bundle the Spark version above. Point it at a
   * private registry or mirror here.
   * @default the official apache/spark python3 tag of sparkVersion
   */
  readonly baseImage?: string;
  /**
   * Accept a patch release of a known line that this library does not list yet
   * (e.g. one published after it). The image build still refuses a base whose
   * Hadoop differs from the line's.
   * @default false
   */
  readonly acceptUnknownPatch?: boolean;
  /**
   * Version of Spark's cloud committer module (spark-hadoop-cloud) to put in
   * the image. Only for a Maven repository that lacks the module of your
   * exact Spark version: it must be a release of a line with the same Scala
   * version and major version, and the S3A magic committer then runs through
   * that release's binding classes.
   * @default sparkVersion
   */
  readonly cloudCommitterVersion?: string;
  /**
   * Version of the AWS SDK modules s3a loads. Only for a Maven repository that
   * lacks one of them at the version the line's Hadoop pins: it must be a
   * release of the same major.minor series (e.g. 2.24.8 for 2.24.6).
   * @default the SDK version in SparkReleases.LINES for the line
   */
  readonly awsSdkVersion?: string;
  /**
   * Install the line's Python data stack in the image every role runs: pandas,
   * pyarrow, numpy, matplotlib, boto3 and the AWS CLI (and grpcio and friends
   * for Spark Connect on 4.x), at versions the line's pyspark accepts, every
   * file's sha256 checked (`docker/spark/python/<line>.txt`). The notebook,
   * the Connect server and every executor then import the same packages, so
   * `toPandas()`, pandas UDFs and the pandas API on Spark work everywhere.
   * False keeps the image lean (about 400 MB smaller; see the README).
   * @default true
   */
  readonly pythonDataStack?: boolean;
  /**
   * More Python packages for every role (notebooks, the Connect server,
   * executors on every host), each pinned exactly ("name==version"). They are
   * installed on top of the data stack without moving any of its versions: a
   * conflict fails the image build. Packages only the notebook needs belong in
   * JupyterLab's `pipPackages`.
   * @default []
   */
  readonly pythonPackages?: string[];
  /**
   * Open table formats to carry, with the build of each for the Spark line
   * (`SparkReleases.LINES[line].tableFormats`, jars from Maven Central into every
   * role, executors included); drivers of a cluster or local session on this
   * image get their SQL extensions and catalogs. A line without a build of a
   * format fails synthesis, naming the lines and runtimes that have one.
   * @default [TableFormat.DELTA] with a runtime (a SparkWorkbench with a catalog adds ICEBERG), else []
   */
  readonly tableFormats?: TableFormat[];
  /**
   * Name of the built image (without tag; the tag is derived from the inputs).
   * @default "cdktf-spark"
   */
  readonly repository?: string;
  /**
   * The Docker host to build on.
   * @default the stack's default Docker provider
   */
  readonly provider?: DockerProvider;
}

/**
 * The Spark image of a cluster: the base image plus the s3a jars that match
 * its Hadoop. Master, workers, history server and JupyterLab all run it (or an
 * image built on it), so no two parts of a cluster disagree on versions.
 */
export class SparkImage extends Construct implements ISparkImage {
  public readonly sparkVersion: string;
  public readonly imageName: string;
  public readonly release: SparkRelease;
  public readonly pythonEnvironment: string;
  public readonly tableFormats: TableFormat[];
  public readonly runtime?: DatabricksRuntimeProfile;
  private readonly image: Image;
  private readonly props: SparkImageProps;
  private readonly onHosts = new Map<DockerProvider, SparkImage>();

  constructor(scope: Construct, id: string, props: SparkImageProps = {}) {
    super(scope, id);
    this.props = props;
    const resolved = resolveImageRelease(this, props);
    this.sparkVersion = resolved.sparkVersion;
    this.release = resolved.release;
    this.runtime = resolved.runtime;
    this.tableFormats = resolved.tableFormats;
    this.pythonEnvironment = resolved.pythonEnvironment;
    if (resolved.note) Annotations.of(this).addInfo(resolved.note);
    const built = buildImage(this, {
      repository: props.repository ?? "cdktf-spark",
      tagPrefix: this.sparkVersion,
      provider: props.provider,
      context: path.join(DOCKER_DIR, "spark"),
      buildArgs: imageBuildArgs(resolved, props.baseImage),
    });
    this.image = built.image;
    this.imageName = built.imageName;
    this.node.defaultChild = this.image;
  }

  /**
   * Built on that host from the same context and arguments, so it gets the
   * same tag. The host needs the base image and Maven Central for a first
   * build; where it has neither, load the image there first (`docker save
   * IMAGE | docker -H HOST load`): the build then takes every step from it.
   */
  public onHost(provider: DockerProvider): ISparkImage {
    if (provider === this.props.provider) return this;
    let image = this.onHosts.get(provider);
    if (!image) {
      image = new SparkImage(this, `on-${provider.node.id}`, { ...this.props, provider });
      this.onHosts.set(provider, image);
    }
    return image;
  }

  /** Depending on the image means depending on its build. */
  public get fqn(): string {
    return this.image.fqn;
  }
}

/**
 * A role's own image must hold what the cluster's holds: the same Spark, the
 * same Python environment and the same table formats, or a task could run
 * (or import, or read a table) on one process and fail on another.
 */
export function requireSameImage(scope: IConstruct, image: ISparkImage, cluster: ISparkImage): void {
  const fix = `Omit image to use the master's`;
  if (image.sparkVersion !== cluster.sparkVersion) {
    throw new SparkConfigError(
      scope,
      `image runs Spark ${image.sparkVersion} but the master runs ${cluster.sparkVersion}.`,
      `${fix}: every process of a cluster runs one Spark.`,
    );
  }
  if (image.pythonEnvironment !== cluster.pythonEnvironment) {
    throw new SparkConfigError(
      scope,
      `image carries ${image.pythonEnvironment} but the master's carries ${cluster.pythonEnvironment}: a Python UDF would import different packages on the driver and on the executors, or fail on one host.`,
      `${fix}, or give both images the same runtime (or sparkVersion), pythonDataStack and pythonPackages.`,
    );
  }
  const formats = (i: ISparkImage) => (i.tableFormats.length ? [...i.tableFormats].sort().join(", ") : "no table format");
  if (formats(image) !== formats(cluster)) {
    throw new SparkConfigError(
      scope,
      `image carries ${formats(image)} but the master's carries ${formats(cluster)}: a task reading such a table fails where its jars are missing.`,
      `${fix}, or give both images the same tableFormats.`,
    );
  }
}

/**
 * Paths of every file below `dir`, relative to it, in a fixed order; Python's bytecode caches (which
 * `.dockerignore` keeps out of the build too) are no input, so the tag does not depend on the machine.
 */
function filesUnder(dir: string, prefix = ""): string[] {
  return fs
    .readdirSync(path.join(dir, prefix), { withFileTypes: true })
    .filter((e) => e.name !== "__pycache__")
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((e) => (e.isDirectory() ? filesUnder(dir, path.join(prefix, e.name)) : [path.join(prefix, e.name)]));
}

export interface BuildImageOptions {
  readonly repository: string;
  readonly tagPrefix: string;
  /** The Dockerfile's folder on this machine; Terraform builds from the stack's copy of it. */
  readonly context: string;
  readonly buildArgs: Record<string, string>;
  readonly dependsOn?: ITerraformDependable[];
  /** Another Docker host to build on; the build may then take its layers from an image of the same name loaded there. */
  readonly provider?: DockerProvider;
}

/**
 * A locally built docker_image whose tag is a hash of its build context's
 * files and build args: same inputs, same tag (nothing rebuilt); new inputs, new tag (the
 * containers using it are replaced).
 */
export function buildImage(scope: Construct, options: BuildImageOptions): { image: Image; imageName: string } {
  const hash = crypto.createHash("sha256");
  for (const file of filesUnder(options.context)) {
    hash.update(file).update(fs.readFileSync(path.join(options.context, file)));
  }
  const tag = hash.update(JSON.stringify(options.buildArgs)).digest("hex").slice(0, 12);
  const imageName = `${options.repository}:${options.tagPrefix}-${tag}`;
  const image = new Image(scope, "image", {
    provider: options.provider,
    name: imageName,
    keepLocally: true,
    dependsOn: options.dependsOn,
    buildAttribute: {
      context: buildContext(scope, options.context).path,
      buildArgs: options.buildArgs,
      // Images loaded with `docker load` carry no build cache; naming them as a cache source does.
      cacheFrom: options.provider ? [imageName] : undefined,
    },
  });
  return { image, imageName };
}

/**
 * The build context as an asset of the stack, one per folder: synthesis copies
 * it into the stack's output directory (Terraform's working directory), so
 * cdk.tf.json names it by a relative path and is the same wherever the
 * library is installed. Every image of the stack, on any Docker host, shares it.
 */
function buildContext(scope: Construct, dir: string): TerraformAsset {
  const stack = TerraformStack.of(scope);
  const id = `cdktf-spark-context-${path.basename(dir)}`;
  return (
    (stack.node.tryFindChild(id) as TerraformAsset | undefined) ?? new TerraformAsset(stack, id, { path: dir, type: AssetType.DIRECTORY })
  );
}
