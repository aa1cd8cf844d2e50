import type { BucketCredentials, BucketMode, DatabricksRuntime } from "../lib";

/**
 * Settings of the two shipped stacks. main.ts reads them from CDKTF_SPARK_*
 * environment variables, so a user changes a stack without editing code.
 */
export interface WorkbenchSettings {
  /** Databricks Runtime to reproduce ("16.4-lts", "17.3-lts", "18-lts"). @default "18-lts" unless sparkVersion is set */
  readonly runtime?: DatabricksRuntime;
  /** Spark version (a release, or a line for its newest): a plain line without a runtime profile. @default the runtime's */
  readonly sparkVersion?: string;
  /** Accept a Spark patch release the library does not list yet. @default false */
  readonly acceptUnknownPatch?: boolean;
  /** spark-hadoop-cloud version, for a Maven repository lacking the Spark version's own. @default the Spark version */
  readonly cloudCommitterVersion?: string;
  /** AWS SDK version of the s3a modules, for a Maven repository lacking the pinned one. @default the line's */
  readonly awsSdkVersion?: string;
  /** Base image for the Spark image. @default the official apache/spark python3 tag */
  readonly sparkBaseImage?: string;
  /** Image of the local S3 server. @default the pinned SeaweedFS release */
  readonly s3ServerImage?: string;
  /** The shared table catalog (PostgreSQL). @default true */
  readonly catalog?: boolean;
  /** Image of the catalog's PostgreSQL. @default "postgres:15-bookworm" */
  readonly catalogImage?: string;
  /** Open table formats, comma-separated ("delta", "iceberg"), where the Spark line has a build. @default delta and iceberg with a runtime, else none */
  readonly tableFormats?: string;
  /** "local" or "aws" (BucketMode's values). @default "local" */
  readonly bucketMode?: BucketMode;
  /** Bucket name. @default derived from the stack (local) or generated (aws) */
  readonly bucketName?: string;
  /** AWS region for mode "aws". @default "us-east-1" */
  readonly awsRegion?: string;
  /** AWS credentials for Spark in mode "aws": "environment" or "iam-user" (BucketCredentials' values). @default "environment" */
  readonly awsCredentials?: BucketCredentials;
  /** A Spark Connect server for tools on the host. @default true (where the Spark line ships one) */
  readonly connect?: boolean;
  /** Cores one application may take across the cluster. @default 1 */
  readonly maxCoresPerApp?: number;
  /** Workers in cluster-stack. @default 2 */
  readonly workers?: number;
  /** Cores per worker. @default 1 */
  readonly workerCores?: number;
  /** Memory per worker. @default "1g" */
  readonly workerMemory?: string;
  /** Web UI port of worker 1; worker i gets base + i - 1. @default 8081 */
  readonly workerUiPortBase?: number;
  /** Version of the kreuzwerker/docker provider to require. @default what the Docker bindings are generated from (cdktf: 3.6.2, cdktn: 4.6.0) */
  readonly dockerProviderVersion?: string;
  /** Version of the hashicorp/random provider to require. @default what the random bindings are generated from (cdktf: 3.7.2, cdktn: 3.9.1) */
  readonly randomProviderVersion?: string;
}

const VARIABLES: Record<keyof WorkbenchSettings, string> = {
  runtime: "CDKTF_SPARK_RUNTIME",
  sparkVersion: "CDKTF_SPARK_VERSION",
  acceptUnknownPatch: "CDKTF_SPARK_ACCEPT_UNKNOWN_PATCH",
  cloudCommitterVersion: "CDKTF_SPARK_CLOUD_COMMITTER_VERSION",
  awsSdkVersion: "CDKTF_SPARK_AWS_SDK_VERSION",
  sparkBaseImage: "CDKTF_SPARK_BASE_IMAGE",
  s3ServerImage: "CDKTF_SPARK_S3_SERVER_IMAGE",
  catalog: "CDKTF_SPARK_CATALOG",
  catalogImage: "CDKTF_SPARK_CATALOG_IMAGE",
  tableFormats: "CDKTF_SPARK_TABLE_FORMATS",
  bucketMode: "CDKTF_SPARK_BUCKET_MODE",
  bucketName: "CDKTF_SPARK_BUCKET_NAME",
  awsRegion: "CDKTF_SPARK_AWS_REGION",
  awsCredentials: "CDKTF_SPARK_AWS_CREDENTIALS",
  connect: "CDKTF_SPARK_CONNECT",
  maxCoresPerApp: "CDKTF_SPARK_MAX_CORES_PER_APP",
  workers: "CDKTF_SPARK_WORKERS",
  workerCores: "CDKTF_SPARK_WORKER_CORES",
  workerMemory: "CDKTF_SPARK_WORKER_MEMORY",
  workerUiPortBase: "CDKTF_SPARK_WORKER_UI_PORT_BASE",
  dockerProviderVersion: "CDKTF_SPARK_DOCKER_PROVIDER_VERSION",
  randomProviderVersion: "CDKTF_SPARK_RANDOM_PROVIDER_VERSION",
};

const NUMERIC = new Set<keyof WorkbenchSettings>(["workers", "workerCores", "workerUiPortBase", "maxCoresPerApp"]);
const BOOLEAN = new Set<keyof WorkbenchSettings>(["acceptUnknownPatch", "connect", "catalog"]);

/**
 * Reads settings from the environment; a malformed number or flag fails here,
 * the rest in the constructs (an enum setting is its value: "aws" is BucketMode.AWS).
 */
export function settingsFromEnv(env: NodeJS.ProcessEnv): WorkbenchSettings {
  const settings: Record<string, string | number | boolean> = {};
  for (const [key, variable] of Object.entries(VARIABLES) as [keyof WorkbenchSettings, string][]) {
    const raw = env[variable];
    if (raw === undefined || raw === "") continue;
    if (NUMERIC.has(key)) {
      if (!/^\d+$/.test(raw)) {
        throw new Error(`Environment variable ${variable}="${raw}" is not a whole number. Set it to e.g. 2, or unset it for the default.`);
      }
      settings[key] = Number(raw);
    } else if (BOOLEAN.has(key)) {
      if (raw !== "true" && raw !== "false") {
        throw new Error(`Environment variable ${variable}="${raw}" is not true or false. Set it to true, or unset it.`);
      }
      settings[key] = raw === "true";
    } else {
      settings[key] = raw;
    }
  }
  return settings as WorkbenchSettings;
}
