import { Container } from "@cdktf/provider-docker/lib/container";
import { Network } from "@cdktf/provider-docker/lib/network";
import { Password } from "@cdktf/provider-random/lib/password";
import { Construct } from "constructs";
import { dataVolume } from "./docker-volume";

/** SeaweedFS release the local bucket runs by default (Apache-2.0, single `weed` binary). */
export const DEFAULT_SEAWEEDFS_IMAGE = "chrislusf/seaweedfs:4.48";
export const S3_PORT = 8333;
const CONFIG_PATH = "/etc/seaweedfs/s3.json";

export interface LocalS3ServerOptions {
  readonly name: string;
  readonly image: string;
  readonly network: Network;
  readonly bucketName: string;
  readonly folders: string[];
  readonly hostIp: string;
  readonly hostPort: number;
  readonly retain: boolean;
}

/**
 * A SeaweedFS server with its S3 gateway: generated credentials, data on a
 * named volume, and the bucket (plus folders) created before it reports
 * healthy, so Spark containers that wait on it find the bucket there.
 */
export class LocalS3Server extends Construct {
  public readonly endpoint: string;
  public readonly accessKeyId: string;
  public readonly secretAccessKey: string;
  public readonly container: Container;

  constructor(scope: Construct, id: string, options: LocalS3ServerOptions) {
    super(scope, id);
    this.accessKeyId = new Password(this, "access-key-id", { length: 20, special: false, lower: false }).result;
    this.secretAccessKey = new Password(this, "secret-access-key", { length: 40, special: false }).result;
    this.endpoint = `http://${options.name}:${S3_PORT}`;
    const config = JSON.stringify({
      identities: [{
        name: "spark",
        credentials: [{ accessKey: this.accessKeyId, secretKey: this.secretAccessKey }],
        actions: ["Admin", "Read", "Write", "List", "Tagging"],
      }],
    });
    const data = dataVolume(this, "data", { name: `${options.name}-data`, retain: options.retain });
    // weed serves in the background while the shell creates the bucket and
    // folders until the filer shows them all (weed shell fails on "already
    // exists", so the filer is the judge), then waits on weed.
    const paths = ["", ...options.folders].map((f) => `/buckets/${options.bucketName}/${f ? `${f}/` : ""}`);
    const shellCommands = [
      `s3.bucket.create -name ${options.bucketName}`,
      ...options.folders.map((f) => `fs.mkdir /buckets/${options.bucketName}/${f}`),
    ].join("\n");
    const start = [
      // The container's file system survives a restart: readiness must be earned again.
      "rm -f /tmp/ready",
      `weed server -dir=/data -ip.bind=0.0.0.0 -volume.max=0 -master.volumeSizeLimitMB=1024 -s3 -s3.port=${S3_PORT} -s3.config=${CONFIG_PATH} &`,
      `ready() { for p in ${paths.join(" ")}; do wget -q -O /dev/null "http://127.0.0.1:8888$p" || return 1; done; }`,
      `until ready; do printf '%s\\n' '${shellCommands}' | weed shell -master=127.0.0.1:9333 >/tmp/init.log 2>&1; sleep 1; done`,
      "touch /tmp/ready",
      "wait",
    ].join("\n");
    this.container = new Container(this, "container", {
      name: options.name,
      image: options.image,
      restart: "unless-stopped",
      networksAdvanced: [{ name: options.network.name }],
      entrypoint: ["/bin/sh", "-c"],
      command: [start],
      upload: [{ file: CONFIG_PATH, content: config }],
      volumes: [{ volumeName: data, containerPath: "/data" }],
      ports: [{ internal: S3_PORT, external: options.hostPort, ip: options.hostIp }],
      healthcheck: {
        test: ["CMD", "test", "-f", "/tmp/ready"],
        interval: "3s",
        timeout: "3s",
        retries: 5,
        startPeriod: "60s",
      },
      wait: true,
      waitTimeout: 120,
    });
  }
}
