import { settingsFromEnv } from "../stacks/settings";

describe("settingsFromEnv", () => {
  test("reads CDKTF_SPARK_* variables, numbers as numbers, flags as booleans, and ignores the rest", () => {
    expect(settingsFromEnv({
      CDKTF_SPARK_VERSION: "3.5.8",
      CDKTF_SPARK_WORKERS: "4",
      CDKTF_SPARK_WORKER_MEMORY: "2g",
      CDKTF_SPARK_BUCKET_MODE: "aws",
      CDKTF_SPARK_ACCEPT_UNKNOWN_PATCH: "true",
      SPARK_WORKER_CORES: "8",
      CDKTF_SPARK_BASE_IMAGE: "",
    })).toEqual({ sparkVersion: "3.5.8", workers: 4, workerMemory: "2g", bucketMode: "aws", acceptUnknownPatch: true });
  });
});
