import { IConstruct } from "constructs";
import { SparkConfigError } from "./errors";

/** The AWS SDK s3a is built against, and the modules of it s3a loads. */
export interface AwsSdk {
  /** Maven group of the SDK's modules: `com.amazonaws` (v1) or `software.amazon.awssdk` (v2). */
  readonly group: string;
  /** The SDK version that exact Hadoop release pins (hadoop-project's pom). */
  readonly version: string;
  /** The all-in-one jar Hadoop depends on; the image excludes it. */
  readonly bundle: string;
  /**
   * The SDK modules s3a needs at run time, resolved with their own
   * dependencies instead of the bundle (v2: 558-686 MB; v1: 281 MB).
   */
  readonly modules: string[];
}

/** An open table format Spark can read and write through the library's catalog. */
export enum TableFormat {
  /** Delta Lake: `USING delta`, time travel with `VERSION AS OF`; its catalog is the session catalog. */
  DELTA = "delta",
  /** Apache Iceberg: tables in the `iceberg` catalog (`iceberg.<db>.<table>`), snapshots in `<table>.snapshots`. */
  ICEBERG = "iceberg",
}

/** A table format's build for one Spark line, as Maven Central publishes it. */
export interface TableFormatBuild {
  /** The runtime jar, group:artifact:version; Maven resolves its dependencies into the image. */
  readonly artifact: string;
  /** The format's release, e.g. "4.4.0". */
  readonly version: string;
  /** Its Python API of the same release, hash-pinned as pip reads it (Delta's `delta-spark`), if it has one. */
  readonly pythonPackage?: string;
}

/** What one Spark release line needs to build and talk to S3. */
export interface SparkRelease {
  /** The release line, e.g. "4.1". */
  readonly line: string;
  /** Released versions of this line the library knows, oldest first (pyspark on PyPI). */
  readonly releases: string[];
  /** The Java of the line's official `apache/spark` python3 image (every line runs on 17 too). */
  readonly javaVersion: number;
  /** The Scala version the line is built with (2.12 or 2.13), as in artifact names. */
  readonly scalaVersion: string;
  /** The Hadoop version bundled in `/opt/spark/jars` of every release of this line. */
  readonly hadoopVersion: string;
  /** The AWS SDK that exact Hadoop release was built with. */
  readonly awsSdk: AwsSdk;
  /**
   * Version of `software.amazon.s3.analyticsaccelerator:analyticsaccelerator-s3`
   * that hadoop-aws depends on, for Hadoop releases that use it.
   */
  readonly analyticsAcceleratorVersion?: string;
  /**
   * Whether the line's distribution ships the Spark Connect server, with
   * pre-shared token authentication (spark.connect.authenticate.token).
   */
  readonly connectServer: boolean;
  /** The Delta Lake and Iceberg builds for this line, where their projects publish one, keyed by the TableFormat value ("delta", "iceberg"). */
  readonly tableFormats: Record<string, TableFormatBuild>;
}

const sdkV2 = (version: string): AwsSdk => ({
  group: "software.amazon.awssdk",
  version,
  bundle: "bundle",
  modules: ["s3", "sts", "s3-transfer-manager"],
});

/** What a Hadoop release's s3a is built against (its hadoop-project pom), by Hadoop version. */
const HADOOP_S3A: Readonly<Record<string, Pick<SparkRelease, "awsSdk" | "analyticsAcceleratorVersion">>> = {
  "3.3.4": {
    awsSdk: {
      group: "com.amazonaws",
      version: "1.12.262",
      bundle: "aws-java-sdk-bundle",
      // Hadoop 3.3's S3AFileSystem still links S3Guard's DynamoDB classes, used or not.
      modules: ["aws-java-sdk-s3", "aws-java-sdk-sts", "aws-java-sdk-dynamodb"],
    },
  },
  "3.4.1": { awsSdk: sdkV2("2.24.6") },
  "3.4.2": { awsSdk: sdkV2("2.29.52"), analyticsAcceleratorVersion: "1.2.1" },
  "3.5.0": { awsSdk: sdkV2("2.35.4"), analyticsAcceleratorVersion: "1.3.1" },
};

/** delta-spark wheels on PyPI (py3-none-any), by release: `from delta.tables import DeltaTable`. */
const DELTA_PYTHON_SHA256: Record<string, string> = {
  "3.3.3": "f44ee1f46e16003276e54743aa9e3f19b7375dd3be9d126be0793485c29b1cee",
  "4.4.0": "f15cedc2c59855b1660a692f9aca1deac0c4dfcec46531b203025281b102e9c8",
};
const delta = (artifactId: string, version: string): TableFormatBuild => ({
  artifact: `io.delta:${artifactId}:${version}`,
  version,
  pythonPackage: `delta-spark==${version} --hash=sha256:${DELTA_PYTHON_SHA256[version]}`,
});
const iceberg = (runtime: string, version: string): TableFormatBuild => ({
  artifact: `org.apache.iceberg:iceberg-spark-runtime-${runtime}:${version}`,
  version,
});

/** A line's entry: its releases (x.y.0 to x.y.last), and the s3a facts of the Hadoop it bundles. */
function line(
  name: string,
  last: number,
  facts: Pick<SparkRelease, "javaVersion" | "scalaVersion" | "hadoopVersion" | "connectServer" | "tableFormats">,
): SparkRelease {
  return {
    line: name,
    releases: Array.from({ length: last + 1 }, (_, i) => `${name}.${i}`),
    ...facts,
    ...HADOOP_S3A[facts.hadoopVersion],
  };
}

/**
 * The one version table. hadoop-aws must equal the bundled hadoop-client jars
 * and the SDK must be the one that Hadoop release pins; the Dockerfile checks
 * the first at build time. Releases as published on PyPI (pyspark).
 */
export const SPARK_RELEASES: Readonly<Record<string, SparkRelease>> = {
  // 3.5 keeps the Connect server in a separate package (spark-connect_2.12), without token authentication.
  // Delta publishes one artifact per Spark line from 4.x on; Iceberg's newest for 4.0 is 1.11.0, and neither has a 4.3 build yet.
  "3.5": line("3.5", 9, {
    javaVersion: 17,
    scalaVersion: "2.12",
    hadoopVersion: "3.3.4",
    connectServer: false,
    tableFormats: { [TableFormat.DELTA]: delta("delta-spark_2.12", "3.3.3"), [TableFormat.ICEBERG]: iceberg("3.5_2.12", "1.12.0") },
  }),
  "4.0": line("4.0", 5, {
    javaVersion: 17,
    scalaVersion: "2.13",
    hadoopVersion: "3.4.1",
    connectServer: true,
    tableFormats: { [TableFormat.DELTA]: delta("delta-spark_4.0_2.13", "4.4.0"), [TableFormat.ICEBERG]: iceberg("4.0_2.13", "1.11.0") },
  }),
  "4.1": line("4.1", 4, {
    javaVersion: 21,
    scalaVersion: "2.13",
    hadoopVersion: "3.4.2",
    connectServer: true,
    tableFormats: { [TableFormat.DELTA]: delta("delta-spark_4.1_2.13", "4.4.0"), [TableFormat.ICEBERG]: iceberg("4.1_2.13", "1.12.0") },
  }),
  "4.2": line("4.2", 1, {
    javaVersion: 21,
    scalaVersion: "2.13",
    hadoopVersion: "3.5.0",
    connectServer: true,
    tableFormats: { [TableFormat.DELTA]: delta("delta-spark_4.2_2.13", "4.4.0") },
  }),
  "4.3": line("4.3", 0, { javaVersion: 21, scalaVersion: "2.13", hadoopVersion: "3.5.0", connectServer: true, tableFormats: {} }),
};

/** The PostgreSQL JDBC driver every image carries, for the catalog's metastore database (1 MB). */
export const POSTGRES_JDBC_ARTIFACT = "org.postgresql:postgresql:42.7.14";

/**
 * The Spark version every construct uses unless told otherwise: the default Databricks Runtime's line
 * (DatabricksRuntimes.DEFAULT), whose newest patch this is. Keep them equal (a unit test checks).
 */
export const DEFAULT_SPARK_VERSION = "4.1.4";
/** The newest Spark release the library knows (no Delta or Iceberg build yet). */
export const NEWEST_SPARK_VERSION = "4.3.0";

// The other default images, here rather than beside their constructs so that `npm run up` reads every default
// image without loading cdktf (~0.3 s).
/** SeaweedFS release the local bucket runs by default (Apache-2.0, single `weed` binary). */
export const DEFAULT_SEAWEEDFS_IMAGE = "chrislusf/seaweedfs:4.48";
/** PostgreSQL release line of the catalog database: Debian 12's own, so the official image and a Debian-built one share a data format. */
export const DEFAULT_CATALOG_DATABASE_IMAGE = "postgres:15-bookworm";

/**
 * The release table and the default version, for every language: jsii
 * bindings carry classes, not module constants.
 */
export class SparkReleases {
  /** Every supported line ("4.1") with its facts: releases, Java, Scala, Hadoop, SDK, table formats. */
  public static readonly LINES: Record<string, SparkRelease> = SPARK_RELEASES;
  /** The Spark version every construct uses unless told otherwise: the default Databricks Runtime's. */
  public static readonly DEFAULT_VERSION: string = DEFAULT_SPARK_VERSION;
  /** The newest Spark release the library knows. */
  public static readonly NEWEST_VERSION: string = NEWEST_SPARK_VERSION;

  private constructor() {}
}

/**
 * Looks up a Spark version in the table: a full version ("4.1.4"), or a bare
 * line ("4.1"), which stands for that line's newest release. A version of no
 * known line fails synthesis; so does an unknown patch of a known line, unless
 * `acceptUnknownPatch` says the user knows it exists.
 */
export function sparkRelease(version: string, scope: IConstruct, acceptUnknownPatch = false): SparkRelease {
  const match = /^(\d+\.\d+)(\.\d+)?$/.exec(version);
  const release = match ? SPARK_RELEASES[match[1]] : undefined;
  if (!release) {
    const lines = Object.values(SPARK_RELEASES)
      .map((r) => `${r.line} (newest ${newestOf(r)})`)
      .join(", ");
    throw new SparkConfigError(
      scope,
      `unknown Spark version "${version}".`,
      `Set sparkVersion to a release of a supported line, or the line alone for its newest release: ${lines}.`,
    );
  }
  if (match![2] !== undefined && !release.releases.includes(version) && !acceptUnknownPatch) {
    throw new SparkConfigError(
      scope,
      `Spark ${version} is not a release of the ${release.line} line this library knows (${release.releases.join(", ")}).`,
      `Use one of those (or "${release.line}" for ${newestOf(release)}), or set acceptUnknownPatch: true if ${version} exists (the image build still checks its Hadoop).`,
    );
  }
  return release;
}

/** The newest release of a line the library knows. */
export function newestOf(release: SparkRelease): string {
  return release.releases[release.releases.length - 1];
}

/** A full version for `version`: itself, or a bare line's newest release. */
export function fullVersion(version: string): string {
  const release = SPARK_RELEASES[version];
  return release ? newestOf(release) : version;
}

/**
 * The Maven artifacts (group:artifact:version) whose runtime dependencies make
 * s3a work on a line: hadoop-aws of exactly the bundled Hadoop, the SDK
 * modules it needs at the version it pins, and the analytics accelerator
 * where that Hadoop uses it. The SDK bundle is excluded (see `AwsSdk`).
 */
export function s3aArtifacts(release: SparkRelease, sdkVersion = release.awsSdk.version): string[] {
  const sdk = release.awsSdk;
  return [
    `org.apache.hadoop:hadoop-aws:${release.hadoopVersion}`,
    ...sdk.modules.map((m) => `${sdk.group}:${m}:${sdkVersion}`),
    ...(release.analyticsAcceleratorVersion
      ? [`software.amazon.s3.analyticsaccelerator:analyticsaccelerator-s3:${release.analyticsAcceleratorVersion}`]
      : []),
  ];
}

/** The lines that have a build of `format`. */
export function linesWith(format: TableFormat): string[] {
  return Object.values(SPARK_RELEASES)
    .filter((r) => r.tableFormats[format])
    .map((r) => r.line);
}

/**
 * Whether AWS SDK `candidate` may stand in for the one the line's Hadoop pins
 * (for a Maven repository lacking one of its modules): a release of the same
 * major.minor series, whose patch releases only add.
 */
export function sdkStandsIn(release: SparkRelease, candidate: string): boolean {
  const series = (v: string) => /^(\d+\.\d+)\.\d+$/.exec(v)?.[1];
  return series(candidate) !== undefined && series(candidate) === series(release.awsSdk.version);
}

/**
 * The lines whose spark-hadoop-cloud may bind Spark `version`'s commit
 * protocol, for a Maven repository lacking the version's own: same Scala
 * and major version.
 */
export function committerLines(version: string): SparkRelease[] {
  const own = SPARK_RELEASES[version.split(".").slice(0, 2).join(".")];
  return Object.values(SPARK_RELEASES).filter(
    (r) => own && r.scalaVersion === own.scalaVersion && r.line.split(".")[0] === version.split(".")[0],
  );
}

/** Whether spark-hadoop-cloud of Spark `candidate`, a known release of one of `committerLines(version)`, may stand in. */
export function committerStandsIn(version: string, candidate: string): boolean {
  return committerLines(version).some((r) => r.releases.includes(candidate));
}

/**
 * Spark's cloud committer module (spark-hadoop-cloud): it binds Spark's commit
 * protocol to the S3A committers (the magic committer). Normally of exactly the
 * image's Spark version.
 */
export function cloudCommitterArtifact(version: string, release: SparkRelease): string {
  return `org.apache.spark:spark-hadoop-cloud_${release.scalaVersion}:${version}`;
}

/** The official image for a version, e.g. apache/spark:4.3.0-scala2.13-java21-python3-ubuntu. */
export function officialSparkImage(version: string, release: SparkRelease): string {
  return `apache/spark:${version}-scala${release.scalaVersion}-java${release.javaVersion}-python3-ubuntu`;
}
