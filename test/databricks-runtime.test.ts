import { readFileSync } from "fs";
import * as path from "path";
import {
  DatabricksRuntime,
  DatabricksRuntimes,
  JupyterLab,
  SparkImage,
  SparkReleases,
  SparkWorkbench,
  TableFormat,
  WorkbenchMode,
} from "../lib";
import { notebookDefaults, resource, synth, testCluster, testStack } from "./helpers";

const LOCKS = path.resolve(__dirname, "..", "docker", "spark", "python");

/** Requirement name → pinned version(s) of a lock file. */
function pinsOf(lock: string): Record<string, string[]> {
  const pins: Record<string, string[]> = {};
  for (const m of readFileSync(path.join(LOCKS, lock), "utf8").matchAll(/^([a-z0-9._-]+)==(\S+)/gm)) (pins[m[1]] ??= []).push(m[2]);
  return pins;
}

function imageArgs(props: ConstructorParameters<typeof SparkImage>[2] = {}) {
  const { stack } = testStack();
  const image = new SparkImage(stack, "spark", props);
  return { image, args: resource(synth(stack), "docker_image", "spark").build.build_args, stack };
}

describe("Databricks Runtime profiles", () => {
  test("an image reproduces 18 LTS by default: Spark 4.1.4, its Python libraries, Delta with its Python API", () => {
    const { image, args } = imageArgs();
    expect(DatabricksRuntimes.DEFAULT).toBe(DatabricksRuntime.DBR_18_LTS);
    expect(image.runtime?.name).toBe("Databricks Runtime 18 LTS");
    expect(image.sparkVersion).toBe("4.1.4");
    expect(image.tableFormats).toEqual([TableFormat.DELTA]);
    expect(image.pythonEnvironment).toBe("the Databricks Runtime 18 LTS profile");
    expect(args.PYTHON_LOCK).toBe("dbr-18-lts.txt");
    expect(args.SESSION_ARTIFACTS).toBe("org.postgresql:postgresql:42.7.14 io.delta:delta-spark_4.1_2.13:4.4.0");
    expect(args.TABLE_FORMAT_PACKAGES).toMatch(/^delta-spark==4\.4\.0 --hash=sha256:[0-9a-f]{64}$/);
    const manifest = JSON.parse(args.DATABRICKS_RUNTIME);
    expect(manifest).toMatchObject({ name: "Databricks Runtime 18 LTS", spark: "4.1.0", python: "3.12", delta: "4.4.0" });
    expect(manifest.libraries).toMatchObject({ pandas: "2.2.3", numpy: "2.1.3", pyarrow: "21.0.0", "scikit-learn": "1.6.1" });
  });

  test("the default Spark version is the default runtime's", () => {
    expect(SparkReleases.DEFAULT_VERSION).toBe(DatabricksRuntimes.PROFILES[DatabricksRuntimes.DEFAULT].sparkVersion);
  });

  test.each(Object.values(DatabricksRuntime))(
    "%s runs the newest open-source patch of its line, and its lock pins every library it lists",
    (runtime) => {
      const profile = DatabricksRuntimes.PROFILES[runtime];
      const line = SparkReleases.LINES[profile.databricksSparkVersion.split(".").slice(0, 2).join(".")];
      expect(profile.sparkVersion).toBe(line.releases[line.releases.length - 1]);
      expect(profile.releaseNotes).toMatch(/^https:\/\/docs\.databricks\.com\/aws\/en\/release-notes\/runtime\//);
      const pins = pinsOf(`${profile.pythonLock}.txt`);
      for (const library of profile.libraries) expect([library.name, pins[library.name]]).toEqual([library.name, [library.installed]]);
      // The libraries a notebook touches are all there, listed by the runtime or resolved by the lock.
      for (const name of ["pandas", "numpy", "pyarrow", "scipy", "scikit-learn", "matplotlib", "seaborn", "statsmodels", "boto3"])
        expect(pins[name]).toBeDefined();
      const { image, args } = imageArgs({ runtime });
      expect(image.sparkVersion).toBe(profile.sparkVersion);
      expect(args.PYTHON_LOCK).toBe(`${profile.pythonLock}.txt`);
    },
  );

  test("says at synth what differs from Databricks: the Python minor, and that Delta is the open-source build", () => {
    const { image } = imageArgs({ runtime: DatabricksRuntime.DBR_17_3_LTS });
    const notes = image.node.metadata.filter((m) => m.type === "@cdktf/info").map((m) => String(m.data));
    expect(notes).toEqual([
      expect.stringMatching(
        /^Databricks Runtime 17\.3 LTS profile: Spark 4\.0\.5 \(Databricks builds on 4\.0\.0\), Delta Lake 4\.4\.0, 10 Python libraries .*Differs: Python is the base image's python3 .*Databricks runs 3\.12\.3; Delta is the open-source build/,
      ),
    ]);
  });

  test("a Spark version or a lean image means no runtime: that line's data stack, no Delta unless asked", () => {
    for (const props of [{ sparkVersion: "4.3.0" }, { pythonDataStack: false }]) {
      const { image, args } = imageArgs(props);
      expect(image.runtime).toBeUndefined();
      expect(image.tableFormats).toEqual([]);
      expect(args.DATABRICKS_RUNTIME).toBeUndefined();
    }
  });

  test("carries Delta's Python API wherever it carries Delta, with or without a runtime", () => {
    expect(imageArgs({ sparkVersion: "4.2.1", tableFormats: [TableFormat.DELTA] }).args.TABLE_FORMAT_PACKAGES).toMatch(
      /^delta-spark==4\.4\.0 /,
    );
    expect(imageArgs({ runtime: DatabricksRuntime.DBR_16_4_LTS }).args.TABLE_FORMAT_PACKAGES).toMatch(/^delta-spark==3\.3\.3 /);
    expect(imageArgs({ runtime: DatabricksRuntime.DBR_16_4_LTS, tableFormats: [] }).args.TABLE_FORMAT_PACKAGES).toBeUndefined();
  });

  test("refuses a runtime with sparkVersion or without a data stack, and an unknown runtime, naming the fix", () => {
    const { stack } = testStack();
    expect(() => new SparkImage(stack, "a", { runtime: DatabricksRuntime.DBR_17_3_LTS, sparkVersion: "4.0.2" })).toThrow(
      /SparkImage "test\/a": sets both runtime "17\.3-lts" and sparkVersion "4\.0\.2": the runtime chooses Spark 4\.0\.5\. Remove sparkVersion to reproduce Databricks Runtime 17\.3 LTS, or remove runtime/,
    );
    expect(() => new SparkImage(stack, "b", { runtime: DatabricksRuntime.DBR_18_LTS, pythonDataStack: false })).toThrow(
      /SparkImage "test\/b": sets runtime "18-lts" and pythonDataStack false.*Remove pythonDataStack, or remove runtime and set sparkVersion/,
    );
    expect(() => new SparkImage(stack, "c", { runtime: "15.4-lts" as DatabricksRuntime })).toThrow(
      /SparkImage "test\/c": runtime "15\.4-lts" is not supported\. Use DatabricksRuntime\.DBR_16_4_LTS \("16\.4-lts"\) or DatabricksRuntime\.DBR_17_3_LTS \("17\.3-lts"\) or DatabricksRuntime\.DBR_18_LTS \("18-lts"\)/,
    );
  });

  test("sessions on a runtime's image create Delta tables by default, as on Databricks; a plain line's do not", () => {
    const { stack, image, network } = (() => {
      const t = testStack();
      return { ...t, image: new SparkImage(t.stack, "image") };
    })();
    new JupyterLab(stack, "jupyter", { image, network });
    expect(notebookDefaults(synth(stack))).toMatchObject({
      "spark.sql.sources.default": "delta",
      "spark.sql.legacy.createHiveTableByDefault": "false",
      "spark.sql.extensions": "io.delta.sql.DeltaSparkSessionExtension",
    });
    const cluster = testCluster();
    new JupyterLab(cluster.stack, "jupyter", { master: cluster.master });
    expect(notebookDefaults(synth(cluster.stack))["spark.sql.sources.default"]).toBe("delta");
    const plain = testStack();
    new JupyterLab(plain.stack, "jupyter", {
      image: new SparkImage(plain.stack, "image", { sparkVersion: "4.1.4", tableFormats: [TableFormat.DELTA] }),
      network: plain.network,
    });
    expect(notebookDefaults(synth(plain.stack))["spark.sql.sources.default"]).toBeUndefined();
  });

  test("a workbench writes Delta and Iceberg tables by default, Delta alone without its catalog", () => {
    const { stack } = testStack();
    const full = new SparkWorkbench(stack, "full", { mode: WorkbenchMode.LOCAL, outputs: false });
    const bare = new SparkWorkbench(stack, "bare", {
      mode: WorkbenchMode.LOCAL,
      catalog: { enabled: false },
      outputs: false,
      portOffset: 10,
    });
    expect(full.image.tableFormats).toEqual([TableFormat.DELTA, TableFormat.ICEBERG]);
    expect(bare.image.tableFormats).toEqual([TableFormat.DELTA]);
    const plain = new SparkWorkbench(stack, "plain", {
      mode: WorkbenchMode.LOCAL,
      image: { sparkVersion: "4.3" },
      outputs: false,
      portOffset: 20,
    });
    expect(plain.image.tableFormats).toEqual([]);
    expect(plain.image.sparkVersion).toBe("4.3.0");
  });
});
