import { SparkProperties } from "../spark-properties";
import { withClassDataSharing } from "./class-data-sharing";

/** Where containers read their Spark properties; the image creates the folder. */
export const SPARK_DEFAULTS_PATH = "/opt/spark/conf/spark-defaults.conf";

/**
 * Renders properties in the format Spark reads: one "key value" line each,
 * sorted so the same settings always give the same file (and no needless
 * container replacement). Every file the library writes starts its JVMs on
 * the image's class-data-sharing archive.
 */
export function renderSparkDefaults(given: SparkProperties): string {
  const properties = withClassDataSharing(given);
  return Object.keys(properties)
    .sort()
    .map((key) => `${key} ${properties[key]}\n`)
    .join("");
}

/** Merges layers of properties; later layers win. */
export function mergeProperties(...layers: (SparkProperties | undefined)[]): SparkProperties {
  return Object.assign({}, ...layers.filter(Boolean));
}
