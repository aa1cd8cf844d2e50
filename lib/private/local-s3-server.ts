import { Container } from "@cdktf/provider-docker/lib/container";
import { Password } from "@cdktf/provider-random/lib/password";
import { ITerraformDependable, Lazy } from "cdktf";
import { SparkConfigError } from "../errors";
import { Construct } from "constructs";
import { dataVolume } from "./docker-volume";
import { SparkProperties } from "../spark-properties";
import { commandHealthcheck, containerFence } from "./spark-container";
import { IDockerNetwork } from "../docker-types";

export const S3_PORT = 8333;
const CONFIG_PATH = "/etc/seaweedfs/s3.json";
/** The server runs as this user, never root, in any image. */
export const SERVER_USER = "1000:1000";

export interface LocalS3ServerOptions {
  readonly name: string;
  readonly image: string;
  readonly network: IDockerNetwork;
  readonly bucketName: string;
  /** Read at synth, so folders added after construction are created too. */
  readonly folders: readonly string[];
  readonly hostIp: string;
  readonly hostPort: number;
  readonly retain: boolean;
  readonly memoryMb: number;
  readonly cpus: number;
}

/**
 * A SeaweedFS server with its S3 gateway: generated credentials, data on a
 * named volume, and the bucket (plus folders) created before it reports
 * healthy, so Spark containers that wait on it find the bucket there.
 */
export class LocalS3Server extends Construct {
  public readonly bucketName: string;
  public readonly sparkProperties: SparkProperties;
  public readonly env: readonly string[];
  private readonly container: Container;
  private readonly options: LocalS3ServerOptions;
  private address?: string;

  constructor(scope: Construct, id: string, options: LocalS3ServerOptions) {
    super(scope, id);
    this.options = options;
    this.bucketName = options.bucketName;
    const accessKeyId = new Password(this, "access-key-id", { length: 20, special: false, lower: false }).result;
    const secretAccessKey = new Password(this, "secret-access-key", { length: 40, special: false }).result;
    const config = JSON.stringify({
      identities: [
        {
          name: "spark",
          credentials: [{ accessKey: accessKeyId, secretKey: secretAccessKey }],
          actions: ["Admin", "Read", "Write", "List", "Tagging"],
        },
      ],
    });
    const data = dataVolume(this, "data", `${options.name}-data`, options.retain);
    // Docker creates the volume root-owned (and a server of an older release ran as root): a one-shot
    // container that may only change owners hands it to the server's user before the server starts.
    // It leaves a file behind: Docker copies the image's /data, owner included, onto a volume that is
    // still empty each time a container mounts it, which would hand the root back to root.
    const init = new Container(this, "init", {
      name: `${options.name}-init`,
      image: options.image,
      entrypoint: ["/bin/sh", "-c"],
      command: [`[ -e /data/.owned ] || touch /data/.owned; chown -R ${SERVER_USER} /data`],
      mustRun: false,
      attach: true,
      volumes: [{ volumeName: data, containerPath: "/data" }],
      ...containerFence({ user: "0:0", memoryMb: 128, cpus: 0.5, capabilities: ["CAP_CHOWN", "CAP_DAC_READ_SEARCH"] }),
    });
    this.container = new Container(this, "container", {
      name: options.name,
      image: options.image,
      restart: "unless-stopped",
      networksAdvanced: [{ name: options.network.name }],
      entrypoint: ["/bin/sh", "-c"],
      command: [Lazy.stringValue({ produce: () => startScript(options.bucketName, options.folders) })],
      upload: [{ file: CONFIG_PATH, content: config }],
      volumes: [{ volumeName: data, containerPath: "/data" }],
      ports: [this.port()],
      healthcheck: commandHealthcheck(["CMD", "test", "-f", "/tmp/ready"]),
      // weed shell keeps its history in $HOME; the server's user has no home of its own.
      env: ["HOME=/tmp"],
      dependsOn: [init],
      wait: true,
      waitTimeout: 120,
      ...containerFence({ user: SERVER_USER, memoryMb: options.memoryMb, cpus: options.cpus }),
    });
    this.node.defaultChild = this.container;
    this.sparkProperties = {
      "spark.hadoop.fs.s3a.endpoint": `http://${options.name}:${S3_PORT}`,
      "spark.hadoop.fs.s3a.endpoint.region": "us-east-1",
      "spark.hadoop.fs.s3a.path.style.access": "true",
      "spark.hadoop.fs.s3a.connection.ssl.enabled": "false",
    };
    this.env = [
      `AWS_ACCESS_KEY_ID=${accessKeyId}`,
      `AWS_SECRET_ACCESS_KEY=${secretAccessKey}`,
      "AWS_REGION=us-east-1",
      "AWS_DEFAULT_REGION=us-east-1",
    ];
  }

  public dependables(): ITerraformDependable[] {
    return [this.container];
  }

  /**
   * Publishes the endpoint on `address` instead of hostIp (an address of this
   * host on a network other Docker hosts share, so tools here reach it too:
   * Docker reports two bindings of one port back in no fixed order, and every
   * plan would replace the container) and returns the settings reaching it there.
   */
  public publishOn(address: string): SparkProperties {
    if (this.address !== undefined && this.address !== address) {
      throw new SparkConfigError(
        this,
        `is published on ${this.address} already, for another cluster than the one asking for ${address}.`,
        `Give each cluster spanning hosts its own bucket, or one address.`,
      );
    }
    this.address = address;
    this.container.putPorts([this.port()]);
    return { ...this.sparkProperties, "spark.hadoop.fs.s3a.endpoint": this.endpoint };
  }

  /** The endpoint as seen from the host (and, once published on an address, from every host). */
  public get endpoint(): string {
    return `http://${this.address ?? this.options.hostIp}:${this.options.hostPort}`;
  }

  private port(): { internal: number; external: number; ip: string } {
    return { internal: S3_PORT, external: this.options.hostPort, ip: this.address ?? this.options.hostIp };
  }

  /** Folders are read when the start script is rendered; nothing to create now. */
  public addFolder(): void {}
}

/**
 * weed serves in the background while the shell creates the bucket and
 * folders until the filer shows them all (weed shell fails on "already
 * exists", so the filer is the judge), then waits on weed.
 */
function startScript(bucketName: string, folders: readonly string[]): string {
  const paths = ["", ...folders].map((f) => `/buckets/${bucketName}/${f ? `${f}/` : ""}`);
  const shellCommands = [`s3.bucket.create -name ${bucketName}`, ...folders.map((f) => `fs.mkdir /buckets/${bucketName}/${f}`)].join("\n");
  return [
    // The container's file system survives a restart: readiness must be earned again.
    "rm -f /tmp/ready",
    // A single master elects itself; with existing raft state the default 10 s timeout made every redeploy wait ~19 s.
    `weed server -dir=/data -ip.bind=0.0.0.0 -master.electionTimeout=1s -volume.max=0 -master.volumeSizeLimitMB=1024 -s3 -s3.port=${S3_PORT} -s3.config=${CONFIG_PATH} &`,
    `ready() { for p in ${paths.join(" ")}; do wget -q -O /dev/null "http://127.0.0.1:8888$p" || return 1; done; }`,
    `until ready; do printf '%s\\n' '${shellCommands}' | weed shell -master=127.0.0.1:9333 >/tmp/init.log 2>&1; sleep 1; done`,
    "touch /tmp/ready",
    "wait",
  ].join("\n");
}
