import { readFileSync } from "fs";
import * as path from "path";
import { SparkImage, SparkReleases } from "../lib";
import { resolved, resource, synth, testStack } from "./helpers";

function imageOf(
  version?: string,
  baseImage?: string,
  acceptUnknownPatch?: boolean,
  cloudCommitterVersion?: string,
  awsSdkVersion?: string,
) {
  const { stack } = testStack();
  const image = new SparkImage(stack, "spark", {
    sparkVersion: version,
    baseImage,
    acceptUnknownPatch,
    cloudCommitterVersion,
    awsSdkVersion,
  });
  return { image, json: resource(synth(stack), "docker_image", "spark") };
}

const SDK_V2 = (v: string) =>
  `software.amazon.awssdk:s3:${v} software.amazon.awssdk:sts:${v} software.amazon.awssdk:s3-transfer-manager:${v}`;

describe("SparkImage", () => {
  test("runs the newest release, Spark 4.3.0, on the official python3 image with Hadoop 3.5.0 s3a jars and its line's data stack", () => {
    const { image, json } = imageOf(SparkReleases.NEWEST_VERSION);
    expect(image.sparkVersion).toBe("4.3.0");
    expect(image.runtime).toBeUndefined();
    expect(json.build.build_args).toEqual({
      BASE_IMAGE: "apache/spark:4.3.0-scala2.13-java21-python3-ubuntu",
      HADOOP_VERSION: "3.5.0",
      S3A_ARTIFACTS: `org.apache.hadoop:hadoop-aws:3.5.0 ${SDK_V2("2.35.4")} software.amazon.s3.analyticsaccelerator:analyticsaccelerator-s3:1.3.1`,
      S3A_EXCLUDE: "software.amazon.awssdk:bundle",
      CLOUD_COMMITTER_ARTIFACT: "org.apache.spark:spark-hadoop-cloud_2.13:4.3.0",
      SESSION_ARTIFACTS: "org.postgresql:postgresql:42.7.14",
      PYTHON_LOCK: "4.3.txt",
      PYTHON_PACKAGES: "",
    });
  });

  // Each line: hadoop-aws of its bundled Hadoop, the SDK modules (never the bundle) at the SDK that
  // Hadoop pins, the analytics accelerator where that Hadoop depends on it, the committer of its Scala.
  test.each([
    [
      "3.5.8",
      "apache/spark:3.5.8-scala2.12-java17-python3-ubuntu",
      "3.3.4",
      "org.apache.hadoop:hadoop-aws:3.3.4 com.amazonaws:aws-java-sdk-s3:1.12.262 com.amazonaws:aws-java-sdk-sts:1.12.262 com.amazonaws:aws-java-sdk-dynamodb:1.12.262",
      "com.amazonaws:aws-java-sdk-bundle",
      "spark-hadoop-cloud_2.12:3.5.8",
    ],
    [
      "4.0.3",
      "apache/spark:4.0.3-scala2.13-java17-python3-ubuntu",
      "3.4.1",
      `org.apache.hadoop:hadoop-aws:3.4.1 ${SDK_V2("2.24.6")}`,
      "software.amazon.awssdk:bundle",
      "spark-hadoop-cloud_2.13:4.0.3",
    ],
    [
      "4.1.4",
      "apache/spark:4.1.4-scala2.13-java21-python3-ubuntu",
      "3.4.2",
      `org.apache.hadoop:hadoop-aws:3.4.2 ${SDK_V2("2.29.52")} software.amazon.s3.analyticsaccelerator:analyticsaccelerator-s3:1.2.1`,
      "software.amazon.awssdk:bundle",
      "spark-hadoop-cloud_2.13:4.1.4",
    ],
    [
      "4.2.1",
      "apache/spark:4.2.1-scala2.13-java21-python3-ubuntu",
      "3.5.0",
      `org.apache.hadoop:hadoop-aws:3.5.0 ${SDK_V2("2.35.4")} software.amazon.s3.analyticsaccelerator:analyticsaccelerator-s3:1.3.1`,
      "software.amazon.awssdk:bundle",
      "spark-hadoop-cloud_2.13:4.2.1",
    ],
  ])(
    "derives the lean s3a jars and the committer binding of Spark %s from its bundled Hadoop and Scala",
    (version, base, hadoop, artifacts, exclude, cloud) => {
      const { json } = imageOf(version);
      expect(json.build.build_args).toEqual({
        BASE_IMAGE: base,
        HADOOP_VERSION: hadoop,
        S3A_ARTIFACTS: artifacts,
        S3A_EXCLUDE: exclude,
        CLOUD_COMMITTER_ARTIFACT: `org.apache.spark:${cloud}`,
        SESSION_ARTIFACTS: "org.postgresql:postgresql:42.7.14",
        PYTHON_LOCK: `${version.slice(0, 3)}.txt`,
        PYTHON_PACKAGES: "",
      });
    },
  );

  test("carries a hash-checked data stack for every supported line, locked within the versions its pyspark accepts", () => {
    const dir = path.resolve(__dirname, "..", "docker", "spark", "python");
    for (const line of Object.keys(SparkReleases.LINES)) {
      const lock = readFileSync(path.join(dir, `${line}.txt`), "utf8");
      const pins = lock.split("\n").filter((l) => /^[a-z0-9]/.test(l));
      // Every requirement pinned to one release and carrying hashes (pip --require-hashes refuses anything else).
      expect(pins.every((l) => /^[a-z0-9._-]+==\S+ (; .* )?\\$/.test(l))).toBe(true);
      expect(lock).toContain("--hash=sha256:");
      for (const name of ["pandas", "pyarrow", "numpy", "matplotlib", "boto3", "awscli"]) {
        expect(pins.some((l) => l.startsWith(`${name}==`))).toBe(true);
      }
      // pandas 3 breaks the pandas API on Spark of every line today; numpy 2 breaks 3.5's.
      expect(pins.filter((l) => l.startsWith("pandas==")).every((l) => /^pandas==[12]\./.test(l))).toBe(true);
      if (line === "3.5") expect(pins.filter((l) => l.startsWith("numpy==")).every((l) => /^numpy==1\./.test(l))).toBe(true);
      // Spark Connect's Python client needs grpcio where the line has a Connect server.
      expect(pins.some((l) => l.startsWith("grpcio=="))).toBe(SparkReleases.LINES[line].connectServer);
    }
  });

  test("installs the data stack and the user's pinned packages for every role, or a lean image", () => {
    const { stack } = testStack();
    const full = new SparkImage(stack, "full", {
      sparkVersion: "4.3.0",
      pythonPackages: ["polars==1.20.0", "great-expectations[spark]==1.3.0"],
    });
    const lean = new SparkImage(stack, "lean", { pythonDataStack: false });
    const json = synth(stack);
    expect(resource(json, "docker_image", "full").build.build_args).toMatchObject({
      PYTHON_LOCK: "4.3.txt",
      PYTHON_PACKAGES: "polars==1.20.0 great-expectations[spark]==1.3.0",
    });
    expect(resource(json, "docker_image", "lean").build.build_args).toMatchObject({ PYTHON_LOCK: "", PYTHON_PACKAGES: "" });
    expect(full.pythonEnvironment).toBe("the 4.3 data stack + polars==1.20.0 + great-expectations[spark]==1.3.0");
    expect(lean.pythonEnvironment).toBe("no data stack");
  });

  test("refuses Python packages not pinned to one release, naming each", () => {
    const { stack } = testStack();
    expect(() => new SparkImage(stack, "spark", { pythonPackages: ["polars", "duckdb>=1.0", "ok==1.0", "x==1; rm -rf /"] })).toThrow(
      /SparkImage "test\/spark": pythonPackages "polars", "duckdb>=1\.0", "x==1; rm -rf \/" are not pinned to one release\. Write each as "name==version"/,
    );
  });

  test("takes an AWS SDK of the pinned one's series only when told to, for every module", () => {
    expect(imageOf("4.0.2", undefined, false, undefined, "2.24.8").json.build.build_args.S3A_ARTIFACTS).toBe(
      `org.apache.hadoop:hadoop-aws:3.4.1 ${SDK_V2("2.24.8")}`,
    );
    expect(() => imageOf("4.0.2", undefined, false, undefined, "2.25.0")).toThrow(
      /SparkImage "test\/spark": awsSdkVersion "2\.25\.0" is not a release of the 2\.24 series Hadoop 3\.4\.1 is built with \(2\.24\.6\)\. Leave it unset, or use a 2\.24\.x release/,
    );
  });

  test("takes the committer module of another release of the same Scala and major version only when told to", () => {
    expect(imageOf("4.3.0", undefined, false, "4.1.2").json.build.build_args.CLOUD_COMMITTER_ARTIFACT).toBe(
      "org.apache.spark:spark-hadoop-cloud_2.13:4.1.2",
    );
    expect(() => imageOf("4.3.0", undefined, false, "3.5.7")).toThrow(
      /SparkImage "test\/spark": cloudCommitterVersion "3\.5\.7" cannot bind Spark 4\.3\.0's commit protocol\. .*4\.0, 4\.1, 4\.2, 4\.3 lines/,
    );
    expect(() => imageOf("4.3.0", undefined, false, "4.1.99")).toThrow(/cloudCommitterVersion "4\.1\.99"/);
  });

  test("builds from the stack's copy of the library's Dockerfile folder, and keeps the image on destroy", () => {
    const { json } = imageOf();
    expect(json.build.context).toMatch(/^assets\/cdktf-spark-context-spark\/[0-9A-F]{32}$/);
    expect(json.keep_locally).toBe(true);
  });

  test("takes a custom base image (mirror, private registry, local build)", () => {
    const { json } = imageOf(undefined, "registry.example.com/spark:4.1.4");
    expect(json.build.build_args.BASE_IMAGE).toBe("registry.example.com/spark:4.1.4");
  });

  test("tags by content: same inputs, same tag; another base, another tag", () => {
    const a = imageOf().image.imageName;
    expect(imageOf().image.imageName).toBe(a);
    expect(imageOf(undefined, "local/spark:4.1.4").image.imageName).not.toBe(a);
    expect(a).toMatch(/^cdktf-spark:4\.1\.4-[0-9a-f]{12}$/);
  });

  test("rejects an unknown Spark version, listing the supported lines with their newest releases", () => {
    expect(() => imageOf("3.3.1")).toThrow(
      /SparkImage "test\/spark": unknown Spark version "3.3.1".*3\.5 \(newest 3\.5\.9\), 4\.0 \(newest 4\.0\.5\), 4\.1 \(newest 4\.1\.4\), 4\.2 \(newest 4\.2\.1\), 4\.3 \(newest 4\.3\.0\)/,
    );
    expect(() => imageOf("4")).toThrow(/unknown Spark version "4"/);
  });

  test("takes a bare line as its newest release", () => {
    expect(imageOf("4.1").image.sparkVersion).toBe("4.1.4");
    expect(imageOf("3.5").json.build.build_args.BASE_IMAGE).toBe("apache/spark:3.5.9-scala2.12-java17-python3-ubuntu");
  });

  test("accepts an unlisted patch of a known line only when told to, still deriving that line's jars", () => {
    expect(() => imageOf("3.5.99")).toThrow(
      /Spark 3\.5\.99 is not a release of the 3\.5 line this library knows \(3\.5\.0, .*3\.5\.9\)\. .*acceptUnknownPatch: true/,
    );
    expect(imageOf("3.5.99", undefined, true).json.build.build_args.HADOOP_VERSION).toBe("3.3.4");
  });

  test("is something containers can depend on: its build", () => {
    const { stack } = testStack();
    const image = new SparkImage(stack, "spark");
    expect(resolved(stack, image.fqn)).toMatch(/^\$\{docker_image\.spark_image_\w+\}$/);
  });
});
