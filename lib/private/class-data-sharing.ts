/**
 * Every Spark JVM of a stack (drivers, executors, daemons) starts on the
 * image's class-data-sharing archive, built by docker/spark/cds.sh: the
 * classes a Spark JVM loads first, already parsed and verified, mapped
 * instead of read from 300 jars (a local session and first query: 9.0 s ->
 * 5.6 s measured, and less CPU for every other JVM on the host meanwhile).
 *
 * The JDK maps the archive only for the class path it was made with, and
 * never with a non-empty directory on that part of it; Spark puts its conf
 * directory first. So the jars go first (the extra class path Spark puts
 * before the conf directory), as when the archive was made; what a user adds
 * comes after them. Where a JVM cannot map it, it starts as before.
 */
import { SparkProperties } from "../spark-properties";

/** Where docker/spark/cds.sh writes the archive in every image of a stack. */
export const CDS_ARCHIVE = "/opt/spark/cds/spark.jsa";
/** The jars, as the archive was made with them (docker/spark/cds.sh). */
const JARS = "/opt/spark/jars/*";
/** Without -Xlog:cds=off a JVM that cannot map the archive says so in every notebook cell's output. */
export const CDS_JAVA_OPTS = `-XX:SharedArchiveFile=${CDS_ARCHIVE} -Xlog:cds=off`;

const before = (ours: string, theirs: string | undefined, separator: string) => (theirs ? `${ours}${separator}${theirs}` : ours);

/** `properties` with drivers and executors started on the archive; given class paths and options kept, after ours. */
export function withClassDataSharing(properties: SparkProperties): SparkProperties {
  return {
    ...properties,
    "spark.driver.extraClassPath": before(JARS, properties["spark.driver.extraClassPath"], ":"),
    "spark.executor.extraClassPath": before(JARS, properties["spark.executor.extraClassPath"], ":"),
    "spark.driver.defaultJavaOptions": before(CDS_JAVA_OPTS, properties["spark.driver.defaultJavaOptions"], " "),
    "spark.executor.defaultJavaOptions": before(CDS_JAVA_OPTS, properties["spark.executor.defaultJavaOptions"], " "),
  };
}

/** The same for the daemons (master, workers, history server), which spark-class starts from these variables. */
export const DAEMON_CDS_ENV = { classPath: `SPARK_DAEMON_CLASSPATH=${JARS}`, javaOpts: CDS_JAVA_OPTS };
