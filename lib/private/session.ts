import { IConstruct } from "constructs";
import { SparkConfigError } from "../errors";
import { IS3Connection } from "../s3-connection";
import { CatalogGrant } from "../spark-catalog";
import { mergeProperties } from "./spark-conf";
import { SparkProperties } from "../spark-properties";
import { ISparkImage } from "../spark-image";
import { TableFormat } from "../versions";

/** Each table format's session extension, and the catalog settings it brings. */
const FORMATS: Record<TableFormat, { extension: string; catalog: SparkProperties }> = {
  [TableFormat.DELTA]: {
    extension: "io.delta.sql.DeltaSparkSessionExtension",
    // Delta tables register in the session catalog beside plain ones (`USING delta`).
    catalog: { "spark.sql.catalog.spark_catalog": "org.apache.spark.sql.delta.catalog.DeltaCatalog" },
  },
  [TableFormat.ICEBERG]: {
    extension: "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions",
    // A catalog of its own, `iceberg`, kept in the same Hive metastore; its commits swap a table's
    // metadata location in one metastore update (no Hive lock tables, which Spark's schema lacks).
    catalog: {
      "spark.sql.catalog.iceberg": "org.apache.iceberg.spark.SparkCatalog",
      "spark.sql.catalog.iceberg.type": "hive",
      "spark.hadoop.iceberg.engine.hive.lock-enabled": "false",
    },
  },
};

/**
 * What every driver's SQL session gets: tables' files on the bucket (never
 * a container's disk), the shared catalog when there is one, and the
 * extensions and catalogs of the table formats its image carries.
 */
export function sessionProperties(
  scope: IConstruct,
  image: ISparkImage,
  bucket: IS3Connection | undefined,
  catalog: CatalogGrant | undefined,
): SparkProperties {
  if (image.tableFormats.includes(TableFormat.ICEBERG) && !catalog) {
    throw new SparkConfigError(
      scope,
      `runs Iceberg without a catalog: Iceberg commits a table by swapping its metadata in a catalog, and on S3 nothing else makes that atomic.`,
      `Give the cluster (or the driver, in local mode) a catalog, or remove TableFormat.ICEBERG from the image's tableFormats.`,
    );
  }
  const formats = image.tableFormats.map((f) => FORMATS[f]);
  // On Databricks a table created without USING (or saveAsTable without format) is a Delta table; notebooks rely on it.
  const deltaByDefault = image.runtime && image.tableFormats.includes(TableFormat.DELTA);
  return mergeProperties(
    // Spark 3.5 still makes `CREATE TABLE` without USING a Hive table whatever the default source is.
    deltaByDefault ? { "spark.sql.sources.default": "delta", "spark.sql.legacy.createHiveTableByDefault": "false" } : undefined,
    bucket ? { "spark.sql.warehouse.dir": `${bucket.uri}/warehouse` } : undefined,
    catalog?.sparkProperties,
    formats.length ? { "spark.sql.extensions": formats.map((f) => f.extension).join(",") } : undefined,
    ...formats.map((f) => f.catalog),
  );
}
