import { Network } from "@cdktf/provider-docker/lib/network";
import {
  JupyterLab,
  S3Bucket,
  SparkCatalog,
  SparkImage,
  SparkMaster,
  SparkWorkbench,
  SparkWorker,
  TableFormat,
  WorkbenchMode,
} from "../lib";
import { envOf, notebookDefaults, resource, sparkDefaults, synth, testCluster, testStack } from "./helpers";

describe("SparkCatalog", () => {
  test("is a PostgreSQL database on the workbench's network only, fenced, with a generated password and a retained volume", () => {
    const { stack } = testStack("team");
    new SparkWorkbench(stack, "spark");
    const json = synth(stack);
    const db = resource(json, "docker_container", "spark/catalog/database");
    expect(db).toMatchObject({
      name: "team-spark-catalog",
      image: "postgres:15-bookworm",
      user: "999:999",
      security_opts: ["no-new-privileges"],
      capabilities: { drop: ["ALL"] },
      memory: 512,
      restart: "unless-stopped",
      volumes: [{ volume_name: "team-spark-catalog-data", container_path: "/var/lib/postgresql/data" }],
      networks_advanced: [{ name: expect.stringMatching(/^\$\{docker_network\.spark_network_\w+\.name\}$/) }],
    });
    expect(db.ports).toBeUndefined();
    expect(db.healthcheck.test).toEqual(["CMD-SHELL", "test -f /tmp/password-set && pg_isready -q -h 127.0.0.1 -U spark -d metastore"]);
    // The retained volume outlives the generated password: every start sets the current one before it is healthy.
    expect(db.entrypoint).toEqual(["/bin/sh", "-c"]);
    expect(db.command[0]).toMatch(
      /ALTER ROLE spark PASSWORD :'pw';.*-v pw="\$POSTGRES_PASSWORD"[\s\S]*touch \/tmp\/password-set[\s\S]*wait \$pid/,
    );
    expect(envOf(db).POSTGRES_PASSWORD).toMatch(/^\$\{random_password\.spark_catalog_password_\w+\.result\}$/);
    expect(resource(json, "random_password", "spark/catalog/password")).toMatchObject({ length: 40, special: false });
    // Retained: referenced by name, never a resource destroy would delete.
    expect(Object.values(json.resource.docker_volume).map((v: any) => v.name)).not.toContain("team-spark-catalog-data");
  });

  test("creates the metastore schema once, from the cluster's image, after the database and the bucket and before any driver", () => {
    const { stack } = testStack("team");
    new SparkWorkbench(stack, "spark");
    const json = synth(stack);
    const schema = resource(json, "docker_container", "spark/catalog/schema");
    expect(schema).toMatchObject({ name: "team-spark-catalog-schema", must_run: false, attach: true, user: "185:185" });
    expect(schema.command).toEqual(["/opt/spark/bin/spark-submit", "--master", "local[1]", "/tmp/catalog-schema.py"]);
    expect(schema.depends_on).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^docker_container\.spark_catalog_database_/),
        expect.stringMatching(/^docker_container\.spark_data_server_container_/),
      ]),
    );
    expect(sparkDefaults(schema)).toMatchObject({
      "spark.sql.catalogImplementation": "hive",
      "spark.sql.warehouse.dir": "s3a://team-spark-data/warehouse",
    });
    for (const driver of ["spark/jupyter/container", "spark/connect/container"]) {
      expect(resource(json, "docker_container", driver).depends_on).toContainEqual(
        expect.stringMatching(/^docker_container\.spark_catalog_schema_/),
      );
    }
  });

  test("gives every driver of a cluster the same catalog, with tables' files in the bucket's warehouse", () => {
    const { stack } = testStack("team");
    new SparkWorkbench(stack, "spark");
    const json = synth(stack);
    const expected = {
      "spark.sql.catalogImplementation": "hive",
      "spark.sql.warehouse.dir": "s3a://team-spark-data/warehouse",
      "spark.hadoop.javax.jdo.option.ConnectionURL": "jdbc:postgresql://team-spark-catalog:5432/metastore",
      "spark.hadoop.javax.jdo.option.ConnectionDriverName": "org.postgresql.Driver",
      "spark.hadoop.javax.jdo.option.ConnectionPassword": expect.stringMatching(/random_password\.spark_catalog_password/),
      "spark.hadoop.datanucleus.schema.autoCreateAll": "false",
    };
    expect(notebookDefaults(json, "spark/jupyter")).toMatchObject(expected);
    expect(sparkDefaults(resource(json, "docker_container", "spark/connect/container"))).toMatchObject(expected);
    // Executors and daemons never open the metastore: they do not get its password.
    expect(
      sparkDefaults(resource(json, "docker_container", "spark/master/container"))["spark.hadoop.javax.jdo.option.ConnectionPassword"],
    ).toBeUndefined();
    expect(
      sparkDefaults(resource(json, "docker_container", "spark/worker/container"))["spark.hadoop.javax.jdo.option.ConnectionPassword"],
    ).toBeUndefined();
  });

  test("serves local-mode drivers too", () => {
    const { stack } = testStack("team");
    new SparkWorkbench(stack, "spark", { mode: WorkbenchMode.LOCAL, catalog: { warehousePrefix: "lake/tables" } });
    const json = synth(stack);
    expect(notebookDefaults(json, "spark/jupyter")).toMatchObject({
      "spark.master": "local[*]",
      "spark.sql.catalogImplementation": "hive",
      "spark.sql.warehouse.dir": "s3a://team-spark-data/lake/tables",
    });
    expect(resource(json, "docker_container", "spark/data/server/container").command[0]).toContain(
      "fs.mkdir /buckets/team-spark-data/lake/tables",
    );
  });

  test("left out, each session's catalog is in memory, and tables' files still go to the bucket, never a container's disk", () => {
    const { stack } = testStack("team");
    new SparkWorkbench(stack, "spark", { catalog: { enabled: false } });
    const json = synth(stack);
    const defaults = notebookDefaults(json, "spark/jupyter");
    expect(defaults["spark.sql.warehouse.dir"]).toBe("s3a://team-spark-data/warehouse");
    expect(defaults["spark.sql.catalogImplementation"]).toBeUndefined();
    expect(Object.keys(json.resource.docker_container).filter((id) => id.includes("catalog"))).toEqual([]);
  });

  test("names the session catalog `main` for three-part names, as a Databricks workspace does, or as told", () => {
    const { stack } = testStack("team");
    new SparkWorkbench(stack, "spark", { mode: WorkbenchMode.LOCAL });
    new SparkWorkbench(stack, "dev", { mode: WorkbenchMode.LOCAL, catalog: { catalogName: "dev" }, portOffset: 10 });
    const json = synth(stack);
    expect(notebookDefaults(json, "spark/jupyter")["spark.sql.catalog.main"]).toBe("cdktf.spark.SessionCatalogAlias");
    expect(notebookDefaults(json, "dev/jupyter")).toMatchObject({ "spark.sql.catalog.dev": "cdktf.spark.SessionCatalogAlias" });
    expect(notebookDefaults(json, "dev/jupyter")["spark.sql.catalog.main"]).toBeUndefined();
    for (const name of ["iceberg", "spark_catalog", "Main", "my-catalog"]) {
      const t = testStack();
      expect(() => new SparkWorkbench(t.stack, "w", { catalog: { catalogName: name } })).toThrow(
        new RegExp(`SparkCatalog "test/w/catalog": catalogName "${name}" cannot name the catalog: .*Use a name such as "main"`),
      );
    }
  });

  test("is refused to a driver of a cluster (the cluster's is used) and across networks", () => {
    const c = testCluster();
    const catalog = new SparkCatalog(c.stack, "catalog", { network: c.network, bucket: c.bucket, image: c.image });
    expect(() => new JupyterLab(c.stack, "j", { master: c.master, catalog })).toThrow(
      /JupyterLab "test\/j": is given catalog test\/catalog, but a driver of a cluster uses the cluster's, so every driver sees the same tables\. Omit catalog here and give it to the master/,
    );
    const other = new Network(c.stack, "other", { name: "other" });
    const bucket = new S3Bucket(c.stack, "b2", { network: other, hostPort: 9333 });
    expect(
      () => new JupyterLab(c.stack, "k", { image: c.image, network: other, bucket, catalog, hostPort: 9888, sparkUiHostPort: 5040 }),
    ).toThrow(
      /JupyterLab "test\/k": runs on another Docker network than its catalog test\/catalog, so it cannot reach the metastore database\. Put both on one network/,
    );
  });
});

describe("table formats", () => {
  test("Delta and Iceberg on a line that has them: jars in the image every role runs, extensions and catalogs in every driver's session", () => {
    const { stack } = testStack("team");
    new SparkWorkbench(stack, "spark", { image: { sparkVersion: "4.1.2", tableFormats: [TableFormat.DELTA, TableFormat.ICEBERG] } });
    const json = synth(stack);
    expect(resource(json, "docker_image", "spark/image").build.build_args.SESSION_ARTIFACTS).toBe(
      "org.postgresql:postgresql:42.7.14 io.delta:delta-spark_4.1_2.13:4.4.0 org.apache.iceberg:iceberg-spark-runtime-4.1_2.13:1.12.0",
    );
    expect(notebookDefaults(json, "spark/jupyter")).toMatchObject({
      "spark.sql.extensions": "io.delta.sql.DeltaSparkSessionExtension,org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions",
      "spark.sql.catalog.spark_catalog": "org.apache.spark.sql.delta.catalog.DeltaCatalog",
      "spark.sql.catalog.iceberg": "org.apache.iceberg.spark.SparkCatalog",
      "spark.sql.catalog.iceberg.type": "hive",
      "spark.sql.catalogImplementation": "hive",
    });
  });

  test.each([
    ["4.3.0", TableFormat.DELTA, "3\\.5, 4\\.0, 4\\.1, 4\\.2"],
    ["4.3.0", TableFormat.ICEBERG, "3\\.5, 4\\.0, 4\\.1"],
    ["4.2.1", TableFormat.ICEBERG, "3\\.5, 4\\.0, 4\\.1"],
  ])("on Spark %s, %s fails at synth naming the lines that have a build", (version, format, lines) => {
    const { stack } = testStack();
    expect(() => new SparkImage(stack, "image", { sparkVersion: version, tableFormats: [format] })).toThrow(
      new RegExp(
        `SparkImage "test/image": tableFormats includes "${format}", but it has no build for Spark ${version.replace(/\./g, "\\.")} .*Use runtime DatabricksRuntime\\.DBR_16_4_LTS, DatabricksRuntime\\.DBR_17_3_LTS, DatabricksRuntime\\.DBR_18_LTS or a release of the ${lines} lines for ${format}, or remove it from tableFormats`,
      ),
    );
  });

  test("an unknown format fails at synth", () => {
    const { stack } = testStack();
    expect(() => new SparkImage(stack, "image", { tableFormats: ["hudi" as TableFormat] })).toThrow(
      /tableFormats "hudi" is not a table format this library knows\. Use "delta" or "iceberg"/,
    );
  });

  test("Iceberg without a catalog is refused: nothing on S3 makes its commits atomic", () => {
    const { stack } = testStack();
    expect(
      () =>
        new SparkWorkbench(stack, "spark", {
          image: { sparkVersion: "4.1.2", tableFormats: [TableFormat.ICEBERG] },
          catalog: { enabled: false },
        }),
    ).toThrow(
      /SparkMaster "test\/spark\/master": runs Iceberg without a catalog.*Give the cluster \(or the driver, in local mode\) a catalog/,
    );
  });

  test("a worker or driver whose image lacks the cluster's table formats is refused", () => {
    const { stack, network } = testStack();
    const image = new SparkImage(stack, "image", { sparkVersion: "4.1.2", tableFormats: [TableFormat.DELTA] });
    const bucket = new S3Bucket(stack, "bucket", { network });
    const master = new SparkMaster(stack, "master", { image, network, bucket });
    const plain = new SparkImage(stack, "plain", { sparkVersion: "4.1.2" });
    expect(() => new SparkWorker(stack, "w", { master, image: plain })).toThrow(
      /SparkWorker "test\/w": image carries no table format but the master's carries delta: a task reading such a table fails where its jars are missing\. Omit image to use the master's, or give both images the same tableFormats/,
    );
    expect(() => new JupyterLab(stack, "j", { master, image: plain })).toThrow(
      /JupyterLab "test\/j": image carries no table format but the master's carries delta/,
    );
  });
});
