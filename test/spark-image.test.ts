import * as path from "path";
import { SparkImage } from "../lib";
import { resolved, resource, synth, testStack } from "./helpers";

function imageOf(version?: string, baseImage?: string, acceptUnknownPatch?: boolean) {
  const { stack } = testStack();
  const image = new SparkImage(stack, "spark", { sparkVersion: version, baseImage, acceptUnknownPatch });
  return { image, json: resource(synth(stack), "docker_image", "spark") };
}

describe("SparkImage", () => {
  test("defaults to Spark 4.1.2 on the official python3 image with Hadoop 3.4.2 s3a jars", () => {
    const { image, json } = imageOf();
    expect(image.sparkVersion).toBe("4.1.2");
    expect(json.build.build_args).toEqual({
      BASE_IMAGE: "apache/spark:4.1.2-scala2.13-java21-python3-ubuntu",
      HADOOP_VERSION: "3.4.2",
      AWS_SDK_ARTIFACT: "software.amazon.awssdk:bundle:2.29.52",
      CLOUD_COMMITTER_ARTIFACT: "org.apache.spark:spark-hadoop-cloud_2.13:4.1.2",
    });
  });

  test.each([
    ["3.5.8", "apache/spark:3.5.8-scala2.12-java17-python3-ubuntu", "3.3.4", "com.amazonaws:aws-java-sdk-bundle:1.12.262", "org.apache.spark:spark-hadoop-cloud_2.12:3.5.8"],
    ["4.0.3", "apache/spark:4.0.3-scala2.13-java17-python3-ubuntu", "3.4.1", "software.amazon.awssdk:bundle:2.24.6", "org.apache.spark:spark-hadoop-cloud_2.13:4.0.3"],
  ])("derives the s3a jars and the committer binding of Spark %s from its bundled Hadoop and Scala", (version, base, hadoop, sdk, cloud) => {
    const { json } = imageOf(version);
    expect(json.build.build_args).toEqual({ BASE_IMAGE: base, HADOOP_VERSION: hadoop, AWS_SDK_ARTIFACT: sdk, CLOUD_COMMITTER_ARTIFACT: cloud });
  });

  test("builds from this repository's Dockerfile by absolute path, and keeps the image on destroy", () => {
    const { json } = imageOf();
    expect(path.isAbsolute(json.build.context)).toBe(true);
    expect(json.build.context).toBe(path.resolve(__dirname, "..", "docker", "spark"));
    expect(json.keep_locally).toBe(true);
  });

  test("takes a custom base image (mirror, private registry, local build)", () => {
    const { json } = imageOf(undefined, "registry.example.com/spark:4.1.2");
    expect(json.build.build_args.BASE_IMAGE).toBe("registry.example.com/spark:4.1.2");
  });

  test("tags by content: same inputs, same tag; another base, another tag", () => {
    const a = imageOf().image.imageName;
    expect(imageOf().image.imageName).toBe(a);
    expect(imageOf(undefined, "local/spark:4.1.2").image.imageName).not.toBe(a);
    expect(a).toMatch(/^cdktf-spark:4\.1\.2-[0-9a-f]{12}$/);
  });

  test("rejects an unknown Spark version, listing the supported ones", () => {
    expect(() => imageOf("3.3.1")).toThrow(/SparkImage "test\/spark": unknown Spark version "3.3.1".*3\.5\.x, 4\.0\.x, 4\.1\.x/);
    expect(() => imageOf("4.1")).toThrow(/unknown Spark version "4.1"/);
  });

  test("accepts an unlisted patch of a known line only when told to, still deriving that line's jars", () => {
    expect(() => imageOf("3.5.99")).toThrow(/Spark 3\.5\.99 is not a release of the 3\.5 line this library knows \(3\.5\.0, .*3\.5\.9\)\. .*acceptUnknownPatch: true/);
    expect(imageOf("3.5.99", undefined, true).json.build.build_args.HADOOP_VERSION).toBe("3.3.4");
  });

  test("is something containers can depend on: its build", () => {
    const { stack } = testStack();
    const image = new SparkImage(stack, "spark");
    expect(resolved(stack, image.fqn)).toMatch(/^\$\{docker_image\.spark_image_\w+\}$/);
  });
});
