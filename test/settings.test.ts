import { settingsFromEnv } from "../stacks/settings";

describe("settingsFromEnv", () => {
  test("reads CDKTF_SPARK_* variables, numbers as numbers, flags as booleans, and ignores the rest", () => {
    expect(
      settingsFromEnv({
        CDKTF_SPARK_VERSION: "3.5.8",
        CDKTF_SPARK_WORKERS: "4",
        CDKTF_SPARK_WORKER_MEMORY: "2g",
        CDKTF_SPARK_BUCKET_MODE: "aws",
        CDKTF_SPARK_ACCEPT_UNKNOWN_PATCH: "true",
        SPARK_WORKER_CORES: "8",
        CDKTF_SPARK_BASE_IMAGE: "",
        CDKTF_SPARK_CLOUD_COMMITTER_VERSION: "3.5.7",
        CDKTF_SPARK_AWS_SDK_VERSION: "1.12.262",
      }),
    ).toEqual({
      sparkVersion: "3.5.8",
      workers: 4,
      workerMemory: "2g",
      bucketMode: "aws",
      acceptUnknownPatch: true,
      cloudCommitterVersion: "3.5.7",
      awsSdkVersion: "1.12.262",
    });
  });
});
