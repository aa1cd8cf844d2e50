import { SPARK_RELEASES, SparkRelease, TableFormat, fullVersion } from "./versions";

/**
 * A Databricks Runtime whose notebooks this library reproduces: its Spark line
 * (the newest open-source patch), the open-source Delta Lake build of that line,
 * and the Python libraries its release notes list, on the driver and on every
 * executor.
 */
export enum DatabricksRuntime {
  /** Databricks Runtime 16.4 LTS: Spark 3.5, Python 3.12, pandas 1.5. Supported by Databricks to 2028-05-09. */
  DBR_16_4_LTS = "16.4-lts",
  /** Databricks Runtime 17.3 LTS: Spark 4.0, Python 3.12, pandas 2.2. Supported by Databricks to 2028-10-22. */
  DBR_17_3_LTS = "17.3-lts",
  /** Databricks Runtime 18 LTS: Spark 4.1, Python 3.12. Supported by Databricks to 2029-06-10. */
  DBR_18_LTS = "18-lts",
}

/** One Python library as a Databricks Runtime lists it, and as the image installs it. */
export interface RuntimeLibrary {
  /** The PyPI name, e.g. "scikit-learn". */
  readonly name: string;
  /** The version the runtime's release notes list. */
  readonly databricks: string;
  /** The version the image installs: the same, unless PyPI serves no build of it for the image's Python. */
  readonly installed: string;
}

/** What a Databricks Runtime pins, and how the image reproduces it. */
export interface DatabricksRuntimeProfile {
  /** The runtime. */
  readonly runtime: DatabricksRuntime;
  /** Its name as Databricks writes it, e.g. "Databricks Runtime 17.3 LTS". */
  readonly name: string;
  /** The release notes every version here was read from. */
  readonly releaseNotes: string;
  /** The Apache Spark version Databricks builds the runtime on, e.g. "4.0.0". */
  readonly databricksSparkVersion: string;
  /** The open-source Spark release the image runs: the newest patch of that line. */
  readonly sparkVersion: string;
  /** The runtime's Python, e.g. "3.12.3"; the image runs its base image's python3 (see `differences`). */
  readonly databricksPythonVersion: string;
  /** The Python libraries a notebook touches, pinned as the runtime lists them. */
  readonly libraries: RuntimeLibrary[];
  /** The Python lock the image installs (`docker/spark/python/<lock>.txt`). */
  readonly pythonLock: string;
}

const RELEASE_NOTES = "https://docs.databricks.com/aws/en/release-notes/runtime/";
const same = (pins: Record<string, string>): RuntimeLibrary[] =>
  Object.entries(pins).map(([name, version]) => ({ name, databricks: version, installed: version }));

/**
 * The one runtime table. Spark and Python from each runtime's release notes
 * ("System environment"); the libraries from its "Installed Python libraries"
 * table, read in copies of those notes kept beside Databricks' own
 * environments (pietern/databricks-environments dbr/16.4.x-scala2.12 and
 * dbr/17.3.x-scala2.13 constraints.txt agree with them on every row here).
 * 18 LTS: the libraries of its notes' 18.1 table; statsmodels and boto3 are
 * left to the lock (newest compatible) because no copy of its table we could
 * read lists them. Every listed release has a CPython 3.10/3.11 wheel on PyPI,
 * so `installed` equals `databricks` throughout.
 */
export const DATABRICKS_RUNTIMES: Readonly<Record<string, DatabricksRuntimeProfile>> = {
  [DatabricksRuntime.DBR_16_4_LTS]: {
    runtime: DatabricksRuntime.DBR_16_4_LTS,
    name: "Databricks Runtime 16.4 LTS",
    releaseNotes: `${RELEASE_NOTES}16.4lts`,
    databricksSparkVersion: "3.5.2",
    sparkVersion: "3.5.9",
    databricksPythonVersion: "3.12.3",
    libraries: same({
      pandas: "1.5.3",
      numpy: "1.26.4",
      pyarrow: "15.0.2",
      scipy: "1.13.1",
      "scikit-learn": "1.4.2",
      matplotlib: "3.8.4",
      seaborn: "0.13.2",
      statsmodels: "0.14.2",
      plotly: "5.22.0",
      boto3: "1.34.69",
    }),
    pythonLock: "dbr-16.4-lts",
  },
  [DatabricksRuntime.DBR_17_3_LTS]: {
    runtime: DatabricksRuntime.DBR_17_3_LTS,
    name: "Databricks Runtime 17.3 LTS",
    releaseNotes: `${RELEASE_NOTES}17.3lts`,
    databricksSparkVersion: "4.0.0",
    sparkVersion: "4.0.5",
    databricksPythonVersion: "3.12.3",
    libraries: same({
      pandas: "2.2.3",
      numpy: "2.1.3",
      pyarrow: "19.0.1",
      scipy: "1.15.1",
      "scikit-learn": "1.6.1",
      matplotlib: "3.10.0",
      seaborn: "0.13.2",
      statsmodels: "0.14.4",
      plotly: "5.24.1",
      boto3: "1.36.2",
    }),
    pythonLock: "dbr-17.3-lts",
  },
  [DatabricksRuntime.DBR_18_LTS]: {
    runtime: DatabricksRuntime.DBR_18_LTS,
    name: "Databricks Runtime 18 LTS",
    releaseNotes: `${RELEASE_NOTES}18`,
    databricksSparkVersion: "4.1.0",
    sparkVersion: "4.1.4",
    databricksPythonVersion: "3.12",
    libraries: same({
      pandas: "2.2.3",
      numpy: "2.1.3",
      pyarrow: "21.0.0",
      scipy: "1.15.3",
      "scikit-learn": "1.6.1",
      matplotlib: "3.10.0",
      seaborn: "0.13.2",
      plotly: "5.24.1",
    }),
    pythonLock: "dbr-18-lts",
  },
};

/** The runtime a workbench reproduces unless told otherwise: the newest LTS whose Spark line has Delta and Iceberg builds. */
export const DEFAULT_DATABRICKS_RUNTIME = DatabricksRuntime.DBR_18_LTS;

/** The runtime table and the default, for every language (jsii bindings carry classes, not module constants). */
export class DatabricksRuntimes {
  /** Every supported runtime ("17.3-lts") with what it pins. */
  public static readonly PROFILES: Record<string, DatabricksRuntimeProfile> = DATABRICKS_RUNTIMES;
  /** The runtime an image reproduces when neither `runtime` nor `sparkVersion` is given. */
  public static readonly DEFAULT: DatabricksRuntime = DEFAULT_DATABRICKS_RUNTIME;

  private constructor() {}
}

/** The Spark line a runtime runs on. */
export function runtimeRelease(profile: DatabricksRuntimeProfile): SparkRelease {
  return SPARK_RELEASES[profile.sparkVersion.split(".").slice(0, 2).join(".")];
}

/** The runtimes whose line has a build of `format`, as enum names ("DBR_17_3_LTS"). */
export function runtimesWith(format: TableFormat): string[] {
  return Object.entries(DatabricksRuntime)
    .filter(([, value]) => runtimeRelease(DATABRICKS_RUNTIMES[value]).tableFormats[format])
    .map(([key]) => `DatabricksRuntime.${key}`);
}

/**
 * The Spark version the shipped stacks run for their settings (CDKTF_SPARK_RUNTIME, CDKTF_SPARK_VERSION), as
 * SparkImage resolves it, for scripts that prepare a machine before any synth (base image, Maven stand-ins).
 * Unknown values pass through: the synth that follows names the fix.
 */
export function stackSparkVersion(runtime: string | undefined, sparkVersion: string | undefined): string {
  if (sparkVersion) return fullVersion(sparkVersion);
  return (
    DATABRICKS_RUNTIMES[runtime || DEFAULT_DATABRICKS_RUNTIME]?.sparkVersion ?? DATABRICKS_RUNTIMES[DEFAULT_DATABRICKS_RUNTIME].sparkVersion
  );
}
