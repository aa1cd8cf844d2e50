import { IConstruct } from "constructs";
import { SparkConfigError } from "./errors";

/** What one Spark release line needs to build and talk to S3. */
export interface SparkRelease {
  /** The release line, e.g. "4.1". */
  readonly line: string;
  /** Released versions of this line the library knows, oldest first. */
  readonly releases: readonly string[];
  /** Suffix of the official `apache/spark` tag after the version. */
  readonly officialTagSuffix: string;
  /** The Scala version the line is built with (2.12 or 2.13), as in artifact names. */
  readonly scalaVersion: string;
  /** The Hadoop version bundled in `/opt/spark/jars` of every release of this line. */
  readonly hadoopVersion: string;
  /** The AWS SDK artifact that exact Hadoop release was built with (group:artifact:version). */
  readonly awsSdkArtifact: string;
  /**
   * Whether the line's distribution ships the Spark Connect server, with
   * pre-shared token authentication (spark.connect.authenticate.token).
   */
  readonly connectServer: boolean;
}

const patches = (line: string, last: number) => Array.from({ length: last + 1 }, (_, i) => `${line}.${i}`);

/**
 * The one version table. hadoop-aws must equal the bundled hadoop-client jars
 * and the SDK must be the one that Hadoop release pins; the Dockerfile checks
 * the first at build time. Releases as published on PyPI (pyspark).
 */
export const SPARK_RELEASES: Readonly<Record<string, SparkRelease>> = {
  "3.5": {
    line: "3.5",
    releases: patches("3.5", 9),
    officialTagSuffix: "scala2.12-java17-python3-ubuntu",
    scalaVersion: "2.12",
    hadoopVersion: "3.3.4",
    awsSdkArtifact: "com.amazonaws:aws-java-sdk-bundle:1.12.262",
    // 3.5 keeps the server in a separate package (spark-connect_2.12), without token authentication.
    connectServer: false,
  },
  "4.0": {
    line: "4.0",
    releases: patches("4.0", 5),
    officialTagSuffix: "scala2.13-java17-python3-ubuntu",
    scalaVersion: "2.13",
    hadoopVersion: "3.4.1",
    awsSdkArtifact: "software.amazon.awssdk:bundle:2.24.6",
    connectServer: true,
  },
  "4.1": {
    line: "4.1",
    releases: patches("4.1", 4),
    officialTagSuffix: "scala2.13-java21-python3-ubuntu",
    scalaVersion: "2.13",
    hadoopVersion: "3.4.2",
    awsSdkArtifact: "software.amazon.awssdk:bundle:2.29.52",
    connectServer: true,
  },
};

/** The Spark version every construct uses unless told otherwise. */
export const DEFAULT_SPARK_VERSION = "4.1.2";

/**
 * Looks up a full Spark version ("4.1.2") in the table. A version of no known
 * line fails synthesis; so does an unknown patch of a known line, unless
 * `acceptUnknownPatch` says the user knows it exists.
 */
export function sparkRelease(version: string, scope: IConstruct, acceptUnknownPatch = false): SparkRelease {
  const match = /^(\d+\.\d+)\.\d+$/.exec(version);
  const release = match ? SPARK_RELEASES[match[1]] : undefined;
  if (!release) {
    const lines = Object.keys(SPARK_RELEASES).map((l) => `${l}.x`).join(", ");
    throw new SparkConfigError(scope, `unknown Spark version "${version}".`, `Set sparkVersion to a full version of a supported line: ${lines} (e.g. "${DEFAULT_SPARK_VERSION}").`);
  }
  if (!release.releases.includes(version) && !acceptUnknownPatch) {
    throw new SparkConfigError(scope, `Spark ${version} is not a release of the ${release.line} line this library knows (${release.releases.join(", ")}).`, `Use one of those, or set acceptUnknownPatch: true if ${version} exists (the image build still checks its Hadoop).`);
  }
  return release;
}

/**
 * Spark's cloud committer module of exactly this Spark version: it binds
 * Spark's commit protocol to the S3A committers (the magic committer).
 */
export function cloudCommitterArtifact(version: string, release: SparkRelease): string {
  return `org.apache.spark:spark-hadoop-cloud_${release.scalaVersion}:${version}`;
}

/** The official image for a version, e.g. apache/spark:4.1.2-scala2.13-java21-python3-ubuntu. */
export function officialSparkImage(version: string, release: SparkRelease): string {
  return `apache/spark:${version}-${release.officialTagSuffix}`;
}
