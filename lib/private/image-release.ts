import { IConstruct } from "constructs";
import {
  DATABRICKS_RUNTIMES,
  DEFAULT_DATABRICKS_RUNTIME,
  DatabricksRuntime,
  DatabricksRuntimeProfile,
  runtimesWith,
} from "../databricks-runtime";
import { SparkConfigError } from "../errors";
import {
  DEFAULT_SPARK_VERSION,
  POSTGRES_JDBC_ARTIFACT,
  SparkRelease,
  TableFormat,
  cloudCommitterArtifact,
  committerLines,
  committerStandsIn,
  fullVersion,
  linesWith,
  officialSparkImage,
  s3aArtifacts,
  sdkStandsIn,
  sparkRelease,
} from "../versions";
import { requireEnum } from "./validate";

/** What an image's props choose (SparkImageProps' own fields, without the construct's). */
export interface ImageChoice {
  readonly runtime?: DatabricksRuntime;
  readonly sparkVersion?: string;
  readonly acceptUnknownPatch?: boolean;
  readonly cloudCommitterVersion?: string;
  readonly awsSdkVersion?: string;
  readonly pythonDataStack?: boolean;
  readonly pythonPackages?: string[];
  readonly tableFormats?: TableFormat[];
}

/**
 * Everything an image's props resolve to, resolved once: the Spark release with its Hadoop, the s3a SDK and the
 * cloud committer it gets, the runtime profile, the table formats and the Python environment. SparkImage reads
 * its facts and its build from this record alone.
 */
export interface ImageRelease {
  readonly sparkVersion: string;
  readonly release: SparkRelease;
  readonly runtime?: DatabricksRuntimeProfile;
  readonly tableFormats: TableFormat[];
  /** e.g. "the 4.3 data stack + polars==1.20.0": two images of one cluster must name the same one. */
  readonly pythonEnvironment: string;
  /** The lock of docker/spark/python/ the image installs, "" for none. */
  readonly pythonLock: string;
  readonly pythonPackages: string[];
  readonly awsSdkVersion: string;
  readonly committerVersion: string;
  /** What differs from Databricks, for the synth-time note; only with a runtime. */
  readonly note?: string;
}

export function resolveImageRelease(scope: IConstruct, props: ImageChoice): ImageRelease {
  const runtime = runtimeProfile(scope, props);
  const sparkVersion = runtime?.sparkVersion ?? fullVersion(props.sparkVersion ?? DEFAULT_SPARK_VERSION);
  const release = sparkRelease(sparkVersion, scope, props.acceptUnknownPatch);
  const dataStack = props.pythonDataStack ?? true;
  const pythonPackages = pinnedPackages(scope, props.pythonPackages ?? []);
  const environment = runtime ? `the ${runtime.name} profile` : dataStack ? `the ${release.line} data stack` : "no data stack";
  const tableFormats = formatsOf(scope, sparkVersion, release, props.tableFormats ?? (runtime ? [TableFormat.DELTA] : []));
  return {
    sparkVersion,
    release,
    runtime,
    tableFormats,
    pythonEnvironment: [environment, ...pythonPackages].join(" + "),
    pythonLock: runtime ? `${runtime.pythonLock}.txt` : dataStack ? `${release.line}.txt` : "",
    pythonPackages,
    awsSdkVersion: sdkVersion(scope, release, props.awsSdkVersion),
    committerVersion: committerVersion(scope, sparkVersion, release, props.cloudCommitterVersion),
    note: runtime && runtimeNote(runtime, release, tableFormats),
  };
}

/** The Spark image's build arguments (docker/spark/Dockerfile), in a fixed order: the image's tag hashes them. */
export function imageBuildArgs(r: ImageRelease, baseImage?: string): Record<string, string> {
  return {
    BASE_IMAGE: baseImage ?? officialSparkImage(r.sparkVersion, r.release),
    HADOOP_VERSION: r.release.hadoopVersion,
    S3A_ARTIFACTS: s3aArtifacts(r.release, r.awsSdkVersion).join(" "),
    S3A_EXCLUDE: `${r.release.awsSdk.group}:${r.release.awsSdk.bundle}`,
    CLOUD_COMMITTER_ARTIFACT: cloudCommitterArtifact(r.committerVersion, r.release),
    SESSION_ARTIFACTS: [POSTGRES_JDBC_ARTIFACT, ...r.tableFormats.map((f) => r.release.tableFormats[f]!.artifact)].join(" "),
    PYTHON_LOCK: r.pythonLock,
    PYTHON_PACKAGES: r.pythonPackages.join(" "),
    ...pythonApis(r.release, r.tableFormats),
    ...(r.runtime ? { DATABRICKS_RUNTIME: runtimeManifest(r.runtime, r.release, r.tableFormats) } : {}),
  };
}

/** The formats asked for, each with a build for the line: else synthesis fails naming the lines that have one. */
function formatsOf(scope: IConstruct, version: string, release: SparkRelease, formats: TableFormat[]): TableFormat[] {
  const known = Object.values(TableFormat) as string[];
  for (const format of formats) {
    if (!known.includes(format)) {
      throw new SparkConfigError(
        scope,
        `tableFormats "${format}" is not a table format this library knows.`,
        `Use ${known.map((f) => `"${f}"`).join(" or ")} (TableFormat.DELTA, TableFormat.ICEBERG).`,
      );
    }
    if (!release.tableFormats[format]) {
      throw new SparkConfigError(
        scope,
        `tableFormats includes "${format}", but it has no build for Spark ${version} (the ${release.line} line) yet.`,
        `Use runtime ${runtimesWith(format).join(", ")} or a release of the ${linesWith(format).join(", ")} lines for ${format}, or remove it from tableFormats.`,
      );
    }
  }
  return [...new Set(formats)];
}

/**
 * The runtime an image's props ask for: `runtime`, or the default one unless
 * they choose a Spark line (`sparkVersion`) or no data stack.
 */
export function runtimeOf(props: ImageChoice): DatabricksRuntime | undefined {
  if (props.runtime !== undefined) return props.runtime;
  return props.sparkVersion === undefined && props.pythonDataStack !== false ? DEFAULT_DATABRICKS_RUNTIME : undefined;
}

function runtimeProfile(scope: IConstruct, props: ImageChoice): DatabricksRuntimeProfile | undefined {
  const runtime = runtimeOf(props);
  if (runtime === undefined) return undefined;
  requireEnum(scope, "runtime", runtime, "DatabricksRuntime", DatabricksRuntime as Record<string, DatabricksRuntime>);
  const profile = DATABRICKS_RUNTIMES[runtime];
  if (props.sparkVersion !== undefined) {
    throw new SparkConfigError(
      scope,
      `sets both runtime "${runtime}" and sparkVersion "${props.sparkVersion}": the runtime chooses Spark ${profile.sparkVersion}.`,
      `Remove sparkVersion to reproduce ${profile.name}, or remove runtime to run Spark ${props.sparkVersion} with its line's data stack.`,
    );
  }
  if (props.pythonDataStack === false) {
    throw new SparkConfigError(
      scope,
      `sets runtime "${runtime}" and pythonDataStack false: the runtime's Python libraries are its data stack.`,
      `Remove pythonDataStack, or remove runtime and set sparkVersion for a lean image.`,
    );
  }
  return profile;
}

/** What differs from Databricks, said once at synth (the notebook's ready line says it with the versions it finds). */
function runtimeNote(profile: DatabricksRuntimeProfile, release: SparkRelease, formats: TableFormat[]): string {
  const delta = formats.includes(TableFormat.DELTA)
    ? `Delta Lake ${release.tableFormats[TableFormat.DELTA]!.version}`
    : "no Delta Lake (tableFormats leaves it out)";
  const libraries = profile.libraries
    .filter((l) => l.installed !== l.databricks)
    .map((l) => `${l.name} ${l.installed} (Databricks ${l.databricks})`);
  return (
    `${profile.name} profile: Spark ${profile.sparkVersion} (Databricks builds on ${profile.databricksSparkVersion}), ${delta}, ` +
    `${profile.libraries.length} Python libraries as its release notes list them (${profile.releaseNotes}). Differs: Python is the base image's python3 ` +
    `(3.10 on apache/spark's Ubuntu images, 3.11 on Debian 12), Databricks runs ${profile.databricksPythonVersion}` +
    `${libraries.length ? `; ${libraries.join(", ")}` : ""}; Delta is the open-source build, not Databricks' own.`
  );
}

/** The build argument installing the Python APIs of the formats carried, where any has one. */
function pythonApis(release: SparkRelease, formats: TableFormat[]): Record<string, string> {
  const packages = formats.map((f) => release.tableFormats[f]!.pythonPackage).filter((p): p is string => p !== undefined);
  return packages.length ? { TABLE_FORMAT_PACKAGES: packages.join("\n") } : {};
}

/** The runtime as the image records it for the notebook's ready line (/usr/local/lib/cdktf-spark/runtime.json). */
function runtimeManifest(profile: DatabricksRuntimeProfile, release: SparkRelease, formats: TableFormat[]): string {
  return JSON.stringify({
    name: profile.name,
    spark: profile.databricksSparkVersion,
    python: profile.databricksPythonVersion,
    delta: formats.includes(TableFormat.DELTA) ? release.tableFormats[TableFormat.DELTA]!.version : null,
    libraries: Object.fromEntries(profile.libraries.map((l) => [l.name, l.databricks])),
  });
}

/** Requirements pinned to one release each ("name==version", extras allowed), so every host builds the same environment. */
function pinnedPackages(scope: IConstruct, packages: string[]): string[] {
  const bad = packages.filter((p) => !/^[A-Za-z0-9][A-Za-z0-9._-]*(\[[A-Za-z0-9._,-]+\])?==[A-Za-z0-9][A-Za-z0-9.+!_-]*$/.test(p));
  if (bad.length) {
    throw new SparkConfigError(
      scope,
      `pythonPackages ${bad.map((p) => `"${p}"`).join(", ")} ${bad.length === 1 ? "is" : "are"} not pinned to one release.`,
      `Write each as "name==version", e.g. "polars==1.20.0": every host then builds the same environment.`,
    );
  }
  return packages;
}

/** The spark-hadoop-cloud version to use: the image's own unless told otherwise, and then a compatible one. */
function committerVersion(scope: IConstruct, sparkVersion: string, release: SparkRelease, wanted: string | undefined): string {
  if (wanted === undefined || wanted === sparkVersion) return sparkVersion;
  if (!committerStandsIn(sparkVersion, wanted)) {
    const lines = committerLines(sparkVersion).map((r) => r.line);
    throw new SparkConfigError(
      scope,
      `cloudCommitterVersion "${wanted}" cannot bind Spark ${sparkVersion}'s commit protocol.`,
      `Leave it unset (Spark ${sparkVersion}'s own module), or use a known release of the ${lines.join(", ")} lines (same Scala ${release.scalaVersion}, same major version).`,
    );
  }
  return wanted;
}

/** The AWS SDK version of the s3a modules: the one Hadoop pins unless told otherwise, and then one of its series. */
function sdkVersion(scope: IConstruct, release: SparkRelease, wanted: string | undefined): string {
  if (wanted === undefined) return release.awsSdk.version;
  if (!sdkStandsIn(release, wanted)) {
    const series = release.awsSdk.version.split(".").slice(0, 2).join(".");
    throw new SparkConfigError(
      scope,
      `awsSdkVersion "${wanted}" is not a release of the ${series} series Hadoop ${release.hadoopVersion} is built with (${release.awsSdk.version}).`,
      `Leave it unset, or use a ${series}.x release your Maven repository serves.`,
    );
  }
  return wanted;
}
