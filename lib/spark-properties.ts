/** Spark properties, rendered into one spark-defaults.conf per container. */
export type SparkProperties = Readonly<Record<string, string>>;
