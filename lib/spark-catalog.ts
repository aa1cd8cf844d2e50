import { readFileSync } from "fs";
import * as path from "path";
import { Container } from "@cdktf/provider-docker/lib/container";
import { Password } from "@cdktf/provider-random/lib/password";
import { ITerraformDependable } from "cdktf";
import { Construct, IConstruct } from "constructs";
import { dataVolume } from "./private/docker-volume";
import { SparkConfigError } from "./errors";
import { claim, containerName } from "./private/names";
import { IS3Connection } from "./s3-connection";
import { SPARK_DEFAULTS_PATH, mergeProperties, renderSparkDefaults } from "./private/spark-conf";
import { SparkProperties } from "./spark-properties";
import { SPARK_USER, commandHealthcheck, containerFence } from "./private/spark-container";
import { IDockerNetwork, ResourceLimits } from "./docker-types";
import { DOCKER_DIR, ISparkImage } from "./spark-image";
import { limitsOf, requirePrefix } from "./private/validate";
import { Size } from "./size";
import { DEFAULT_CATALOG_DATABASE_IMAGE } from "./versions";

const PORT = 5432;
const DATA_PATH = "/var/lib/postgresql/data";
/** The official postgres images' own user. */
const POSTGRES_USER_ID = "999:999";
const DATABASE = "metastore";
const USER = "spark";
const SCHEMA_SCRIPT = "/tmp/catalog-schema.py";
const PASSWORD_SET = "/tmp/password-set";
/** The catalog plugin that is the session catalog under another name (docker/spark/catalog-alias). */
const SESSION_CATALOG_ALIAS = "cdktf.spark.SessionCatalogAlias";
/** Catalog names Spark or the table formats already use. */
const TAKEN_CATALOG_NAMES = ["spark_catalog", "iceberg", "system", "global_temp"];
/**
 * The image's own entrypoint under a shell that passes docker stop on to postgres, and sets the current
 * password once the server answers on its local socket (retried: a first start runs a temporary server).
 */
const PASSWORD_AT_START = [
  `rm -f ${PASSWORD_SET}`,
  "docker-entrypoint.sh postgres & pid=$!",
  "trap 'kill -TERM $pid' TERM INT",
  `until echo "ALTER ROLE ${USER} PASSWORD :'pw';" | psql -q -v ON_ERROR_STOP=1 -v pw="$POSTGRES_PASSWORD" -h /var/run/postgresql -U ${USER} -d ${DATABASE} 2>/dev/null; do kill -0 $pid || exit 1; sleep 0.5; done`,
  `touch ${PASSWORD_SET}`,
  "wait $pid; wait $pid",
].join("\n");

export interface SparkCatalogProps {
  /** Docker network of the drivers that use the catalog; the database listens only there. */
  readonly network: IDockerNetwork;
  /** The bucket tables live on, under `warehousePrefix`. */
  readonly bucket: IS3Connection;
  /** The Spark image that creates the metastore schema once, before any driver uses it: the cluster's. */
  readonly image: ISparkImage;
  /**
   * Container name of the database.
   * @default the construct's unique name, e.g. "team-spark-catalog"
   */
  readonly name?: string;
  /**
   * PostgreSQL image; must behave like the official one (POSTGRES_USER,
   * POSTGRES_PASSWORD, POSTGRES_DB, data in /var/lib/postgresql/data, runs as
   * uid 999). A mirror, or one built from Debian's packages.
   * @default "postgres:15-bookworm"
   */
  readonly databaseImage?: string;
  /**
   * Prefix of the bucket that holds every table's files (spark.sql.warehouse.dir).
   * @default "warehouse"
   */
  readonly warehousePrefix?: string;
  /**
   * Keep the database's volume (the table definitions) when the stack is destroyed.
   * @default true
   */
  readonly retainData?: boolean;
  /**
   * Memory and CPU caps of the database container.
   * @default { memory: Size.mebibytes(512), cpus: 1 }
   */
  readonly resources?: ResourceLimits;
  /**
   * The catalog's name in three-part table names, as a Databricks workspace's
   * Unity Catalog has them (`main.sales.orders`, `USE CATALOG main`): the
   * session catalog under that name, so `main.sales.orders` and
   * `spark_catalog.sales.orders` are one table.
   * @default "main"
   */
  readonly catalogName?: string;
}

/** What a driver gets from the catalog: its settings, and what must exist first. */
export interface CatalogGrant {
  /** spark.sql.* and Hive metastore settings (the database password among them). */
  readonly sparkProperties: SparkProperties;
  /** The schema's creation: no driver touches the metastore before it is complete. */
  readonly dependsOn: ITerraformDependable[];
}

/**
 * The tables' catalog: a Hive metastore in PostgreSQL that every driver of a
 * workbench shares (notebooks, the Connect server, spark-submit), with the
 * tables' files on the bucket. Spark's built-in Hive client talks to the
 * database directly, so no metastore service runs; the schema is created once,
 * by a one-shot container, before any driver starts. Tables survive kernels,
 * JupyterLab replacements, database restarts and destroy/deploy (the volume is
 * retained, the files are on the bucket).
 */
export class SparkCatalog extends Construct {
  /** The PostgreSQL image the catalog runs unless `databaseImage` says otherwise. */
  public static readonly DEFAULT_DATABASE_IMAGE: string = DEFAULT_CATALOG_DATABASE_IMAGE;

  /** Container name of the database (also its host name on the network). */
  public readonly name: string;
  /** Where tables' files live: `s3a://<bucket>/<warehousePrefix>`. */
  public readonly warehouseDir: string;
  /** The generated database password (sensitive). */
  public readonly password: string;
  /** jdbc:postgresql://… of the metastore database, reachable on the network. */
  public readonly jdbcUrl: string;
  /** The name three-part table names use for it, e.g. "main". */
  public readonly catalogName: string;
  private readonly network: IDockerNetwork;
  private readonly properties: SparkProperties;
  private readonly schema: Container;

  constructor(scope: Construct, id: string, props: SparkCatalogProps) {
    super(scope, id);
    this.name = containerName(this, props.name);
    claim(this, "container name", `${this.name}-schema`, "name (its schema init)");
    this.network = props.network;
    const prefix = requirePrefix(this, "warehousePrefix", props.warehousePrefix ?? "warehouse");
    this.catalogName = requireCatalogName(this, props.catalogName ?? "main");
    props.bucket.addFolder(prefix);
    this.warehouseDir = `${props.bucket.uri}/${prefix}`;
    this.password = new Password(this, "password", { length: 40, special: false }).result;
    this.jdbcUrl = `jdbc:postgresql://${this.name}:${PORT}/${DATABASE}`;
    const data = dataVolume(this, "data", `${this.name}-data`, props.retainData ?? true);

    const database = new Container(this, "database", {
      name: this.name,
      image: props.databaseImage ?? DEFAULT_CATALOG_DATABASE_IMAGE,
      restart: "unless-stopped",
      networksAdvanced: [{ name: props.network.name }],
      env: [`POSTGRES_USER=${USER}`, `POSTGRES_PASSWORD=${this.password}`, `POSTGRES_DB=${DATABASE}`, `PGDATA=${DATA_PATH}`],
      volumes: [{ volumeName: data, containerPath: DATA_PATH }],
      // The image sets POSTGRES_PASSWORD only when it creates the database; the retained volume outlives
      // the password (destroy deletes it, keeps the data), so every start sets the current one and only
      // then reports healthy (found by a deploy onto a volume of an earlier state).
      entrypoint: ["/bin/sh", "-c"],
      command: [PASSWORD_AT_START],
      healthcheck: commandHealthcheck(["CMD-SHELL", `test -f ${PASSWORD_SET} && pg_isready -q -h 127.0.0.1 -U ${USER} -d ${DATABASE}`]),
      wait: true,
      waitTimeout: 120,
      ...containerFence({ user: POSTGRES_USER_ID, ...limitsOf(this, props.resources, { memory: Size.mebibytes(512), cpus: 1 }) }),
    });
    this.node.defaultChild = database;

    const grant = props.bucket.grantReadWrite(this, props.network);
    this.properties = {
      "spark.sql.catalogImplementation": "hive",
      "spark.sql.warehouse.dir": this.warehouseDir,
      "spark.hadoop.javax.jdo.option.ConnectionURL": this.jdbcUrl,
      "spark.hadoop.javax.jdo.option.ConnectionDriverName": "org.postgresql.Driver",
      "spark.hadoop.javax.jdo.option.ConnectionUserName": USER,
      "spark.hadoop.javax.jdo.option.ConnectionPassword": this.password,
      // The schema exists (see below): drivers never create or alter it, so none races another.
      "spark.hadoop.datanucleus.schema.autoCreateAll": "false",
      "spark.hadoop.hive.metastore.schema.verification": "false",
      // Spark ships HikariCP, not Hive's default BoneCP.
      "spark.hadoop.datanucleus.connectionPoolingType": "HikariCP",
      // The session catalog under its Unity Catalog-style name (docker/spark/catalog-alias, in every Spark image).
      [`spark.sql.catalog.${this.catalogName}`]: SESSION_CATALOG_ALIAS,
    };
    // One JVM creates every table of the metastore schema (DataNucleus, from Hive's own
    // package.jdo in the image) and the default database on the bucket, then exits.
    this.schema = new Container(this, "schema", {
      name: `${this.name}-schema`,
      image: props.image.imageName,
      networksAdvanced: [{ name: props.network.name }],
      command: ["/opt/spark/bin/spark-submit", "--master", "local[1]", SCHEMA_SCRIPT],
      mustRun: false,
      attach: true,
      env: [...grant.env],
      upload: [
        { file: SCHEMA_SCRIPT, content: readFileSync(path.join(DOCKER_DIR, "catalog", "schema.py"), "utf8") },
        {
          file: SPARK_DEFAULTS_PATH,
          content: renderSparkDefaults(mergeProperties(grant.sparkProperties, this.properties, { "spark.ui.enabled": "false" })),
        },
      ],
      dependsOn: [props.image, database, ...grant.dependsOn],
      ...containerFence({ user: SPARK_USER, memoryMb: 1024, cpus: 1 }),
    });
  }

  /**
   * The settings and ordering a driver needs to use the catalog; the driver
   * must run on the catalog's network.
   */
  public grantUse(grantee: IConstruct, network: IDockerNetwork): CatalogGrant {
    if (network !== this.network) {
      throw new SparkConfigError(
        grantee,
        `runs on another Docker network than its catalog ${this.node.path}, so it cannot reach the metastore database.`,
        `Put both on one network.`,
      );
    }
    return { sparkProperties: this.properties, dependsOn: [this.schema] };
  }
}

/** A name Spark SQL takes unquoted as a catalog, and that no catalog of the library uses. */
function requireCatalogName(scope: IConstruct, name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,63}$/.test(name) || TAKEN_CATALOG_NAMES.includes(name)) {
    throw new SparkConfigError(
      scope,
      `catalogName "${name}" cannot name the catalog: ${TAKEN_CATALOG_NAMES.includes(name) ? "Spark or Iceberg uses that name" : 'use lower-case letters, digits and "_"'}.`,
      `Use a name such as "main" (the default, as a Databricks workspace's) or "dev".`,
    );
  }
  return name;
}
