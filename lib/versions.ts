import { IConstruct } from "constructs";
import { configError } from "./errors";

/** What one Spark release line needs to build and talk to S3. */
export interface SparkRelease {
  /** The release line, e.g. "4.1". */
  readonly line: string;
  /** Suffix of the official `apache/spark` tag after the version. */
  readonly officialTagSuffix: string;
  /** The Hadoop version bundled in `/opt/spark/jars` of every release of this line. */
  readonly hadoopVersion: string;
  /** The AWS SDK artifact that exact Hadoop release was built with (group:artifact:version). */
  readonly awsSdkArtifact: string;
}

/**
 * The one version table. hadoop-aws must equal the bundled hadoop-client jars
 * and the SDK must be the one that Hadoop release pins; the Dockerfile checks
 * the first at build time.
 */
export const SPARK_RELEASES: Readonly<Record<string, SparkRelease>> = {
  "3.5": {
    line: "3.5",
    officialTagSuffix: "scala2.12-java17-python3-ubuntu",
    hadoopVersion: "3.3.4",
    awsSdkArtifact: "com.amazonaws:aws-java-sdk-bundle:1.12.262",
  },
  "4.0": {
    line: "4.0",
    officialTagSuffix: "scala2.13-java17-python3-ubuntu",
    hadoopVersion: "3.4.1",
    awsSdkArtifact: "software.amazon.awssdk:bundle:2.24.6",
  },
  "4.1": {
    line: "4.1",
    officialTagSuffix: "scala2.13-java21-python3-ubuntu",
    hadoopVersion: "3.4.2",
    awsSdkArtifact: "software.amazon.awssdk:bundle:2.29.52",
  },
};

/** The Spark version every construct uses unless told otherwise. */
export const DEFAULT_SPARK_VERSION = "4.1.2";

/** Looks up a full Spark version ("4.1.2") in the table; anything else fails synthesis. */
export function sparkRelease(version: string, scope: IConstruct): SparkRelease {
  const match = /^(\d+\.\d+)\.\d+$/.exec(version);
  const release = match ? SPARK_RELEASES[match[1]] : undefined;
  if (!release) {
    const lines = Object.keys(SPARK_RELEASES).map((l) => `${l}.x`).join(", ");
    throw configError(scope, `unknown Spark version "${version}". Set sparkVersion to a full version of a supported line: ${lines} (e.g. "${DEFAULT_SPARK_VERSION}").`);
  }
  return release;
}

/** The official image for a version, e.g. apache/spark:4.1.2-scala2.13-java21-python3-ubuntu. */
export function officialSparkImage(version: string, release: SparkRelease): string {
  return `apache/spark:${version}-${release.officialTagSuffix}`;
}
