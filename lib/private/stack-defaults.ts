/**
 * What this repository's scripts need of the library's defaults for the stacks' settings (CDKTF_SPARK_RUNTIME,
 * CDKTF_SPARK_VERSION), resolved once and without a construct. scripts/workbench.sh and
 * scripts/maven-stand-ins.js read nothing else of dist/; `node dist/private/stack-defaults.js RUNTIME VERSION`
 * prints it for the shell.
 */
import { stackSparkVersion } from "../databricks-runtime";
import {
  DEFAULT_CATALOG_DATABASE_IMAGE,
  DEFAULT_SEAWEEDFS_IMAGE,
  SPARK_RELEASES,
  SparkRelease,
  committerStandsIn,
  officialSparkImage,
  sdkStandsIn,
} from "../versions";

export interface StackDefaults {
  /** The Spark release the stack's image builds. */
  readonly sparkVersion: string;
  readonly release: SparkRelease;
  /** The apache/spark image of that release. */
  readonly officialSparkImage: string;
  readonly seaweedfsImage: string;
  readonly catalogDatabaseImage: string;
  /** Whether spark-hadoop-cloud `candidate` may stand in for the release's own (not on Maven Central). */
  committerStandsIn(candidate: string): boolean;
  /** Whether AWS SDK `candidate` may stand in for the release's own. */
  sdkStandsIn(candidate: string): boolean;
}

export function stackDefaults(runtime: string | undefined, sparkVersion: string | undefined): StackDefaults {
  const version = stackSparkVersion(runtime, sparkVersion);
  const release = SPARK_RELEASES[/^\d+\.\d+/.exec(version)?.[0] ?? ""];
  if (!release) {
    throw new Error(`CDKTF_SPARK_VERSION: unknown Spark version "${version}"; supported lines: ${Object.keys(SPARK_RELEASES).join(", ")}.`);
  }
  return {
    sparkVersion: version,
    release,
    officialSparkImage: officialSparkImage(version, release),
    seaweedfsImage: DEFAULT_SEAWEEDFS_IMAGE,
    catalogDatabaseImage: DEFAULT_CATALOG_DATABASE_IMAGE,
    committerStandsIn: (candidate) => committerStandsIn(version, candidate),
    sdkStandsIn: (candidate) => sdkStandsIn(release, candidate),
  };
}

if (require.main === module) {
  // node stack-defaults.js RUNTIME VERSION (either may be empty)
  const d = stackDefaults(process.argv[2] || undefined, process.argv[3] || undefined);
  // One line, space-separated, for the shell: version, official image, SeaweedFS image, catalog database image.
  console.log([d.sparkVersion, d.officialSparkImage, d.seaweedfsImage, d.catalogDatabaseImage].join(" "));
}
