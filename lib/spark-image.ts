import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { Image } from "@cdktf/provider-docker/lib/image";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { SparkRelease, DEFAULT_SPARK_VERSION, officialSparkImage, sparkRelease } from "./versions";

/**
 * Folder holding the Dockerfiles, absolute because Terraform runs from
 * cdktf.out: beside lib/ when run from source, two levels up from dist/lib.
 */
export const DOCKER_DIR = [path.resolve(__dirname, "..", "docker"), path.resolve(__dirname, "..", "..", "docker")]
  .find((dir) => fs.existsSync(path.join(dir, "spark", "Dockerfile"))) as string;

export interface SparkImageProps {
  /**
   * Spark version, one of the lines in SPARK_RELEASES.
   * @default "4.1.2"
   */
  readonly sparkVersion?: string;
  /**
   * Image to build on: must be laid out like apache/spark (SPARK_HOME=/opt/spark,
   * user spark, python3) and bundle the Spark version above. Point it at a
   * private registry or mirror here.
   * @default the official apache/spark python3 tag of sparkVersion
   */
  readonly baseImage?: string;
  /**
   * Name of the built image (without tag; the tag is derived from the inputs).
   * @default "cdktf-spark"
   */
  readonly repository?: string;
}

/**
 * The Spark image of a stack: the base image plus the s3a jars that match its
 * Hadoop. Master, workers, history server and JupyterLab all run it (or an
 * image built on it), so no two parts of a cluster disagree on versions.
 */
export class SparkImage extends Construct {
  /** Full Spark version, e.g. "4.1.2". */
  public readonly sparkVersion: string;
  /** The release line's facts (Hadoop and SDK versions). */
  public readonly release: SparkRelease;
  /** The image reference containers run (name:tag). */
  public readonly imageName: string;
  /** The docker_image resource, for depends_on and image ids. */
  public readonly image: Image;

  constructor(scope: Construct, id: string, props: SparkImageProps = {}) {
    super(scope, id);
    this.sparkVersion = props.sparkVersion ?? DEFAULT_SPARK_VERSION;
    this.release = sparkRelease(this.sparkVersion, this);
    const baseImage = props.baseImage ?? officialSparkImage(this.sparkVersion, this.release);
    const buildArgs = {
      BASE_IMAGE: baseImage,
      HADOOP_VERSION: this.release.hadoopVersion,
      AWS_SDK_ARTIFACT: this.release.awsSdkArtifact,
    };
    const built = buildImage(this, {
      repository: props.repository ?? "cdktf-spark",
      tagPrefix: this.sparkVersion,
      context: path.join(DOCKER_DIR, "spark"),
      buildArgs,
    });
    this.image = built.image;
    this.imageName = built.imageName;
  }
}

export interface BuildImageOptions {
  readonly repository: string;
  readonly tagPrefix: string;
  readonly context: string;
  readonly buildArgs: Record<string, string>;
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * A locally built docker_image whose tag is a hash of its Dockerfile and build
 * args: same inputs, same tag (nothing rebuilt); new inputs, new tag (the
 * containers using it are replaced).
 */
export function buildImage(scope: Construct, options: BuildImageOptions): { image: Image; imageName: string } {
  const dockerfile = fs.readFileSync(path.join(options.context, "Dockerfile"));
  const hash = crypto
    .createHash("sha256")
    .update(dockerfile)
    .update(JSON.stringify(options.buildArgs))
    .digest("hex")
    .slice(0, 12);
  const imageName = `${options.repository}:${options.tagPrefix}-${hash}`;
  const image = new Image(scope, "image", {
    name: imageName,
    keepLocally: true,
    dependsOn: options.dependsOn,
    buildAttribute: {
      context: options.context,
      buildArgs: options.buildArgs,
    },
  });
  return { image, imageName };
}
