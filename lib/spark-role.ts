import { Container, ContainerConfig } from "@cdktf/provider-docker/lib/container";
import { Construct } from "constructs";
import type { ClusterAttachment, ISparkCluster } from "./cluster";
import { ResourceLimits, VolumeMount } from "./docker-types";
import { claimHostPorts, hostIpFor } from "./host-ports";
import { containerName } from "./private/names";
import { RoleContainer } from "./private/role-container";
import { ContainerAdditions, SparkContainerOptions, httpHealthcheck, sparkContainer } from "./private/spark-container";
import { limitsOf, requireMemory } from "./private/validate";
import { Size } from "./size";

/** A container port published on the Docker host. */
export interface PublishedPort {
  /** The port inside the container. */
  readonly containerPort: number;
  /** The port on the host; claimed, so no other construct of the stack (or the app) publishes it. */
  readonly hostPort: number;
}

/** A role's container, built as the library's own roles build theirs (see `SparkRoleConstruct.addRoleContainer`). */
export interface RoleContainerProps {
  /**
   * Container name, also its host name on the cluster's network; claimed, so two never collide.
   * @default the construct's unique name
   */
  readonly name?: string;
  /** What the cluster gives the role (`ISparkCluster.attach`): image, network, Spark properties, environment, volumes, dependencies. */
  readonly attachment: ClusterAttachment;
  /** The command the container runs, e.g. `["/opt/spark/bin/spark-submit", "--class", …]`. */
  readonly command: string[];
  /** A URL inside the container that answers once the role is ready: the container's health check, which the deploy waits for. */
  readonly healthcheckUrl: string;
  /**
   * Ports published on the host, at `hostIp`.
   * @default none
   */
  readonly ports?: PublishedPort[];
  /**
   * Host address the ports bind to; anything but loopback warns at synth.
   * @default the cluster's (attachment.hostIp)
   */
  readonly hostIp?: string;
  /**
   * Memory and CPU caps.
   * @default { memory: Size.gibibytes(1), cpus: 1 }
   */
  readonly resources?: ResourceLimits;
  /**
   * A Spark daemon (a long-running JVM that is not a driver): it gets the daemons' JVM options.
   * @default false
   */
  readonly daemon?: boolean;
}

/**
 * A construct that runs one Spark-side container (master, workers, history
 * server, JupyterLab, Connect server): what a user may add to that container
 * without touching the library's own settings. Prefer these to editing
 * `node.defaultChild`, whose env and volumes hold the RPC secret, credentials
 * and configuration the role needs.
 */
export abstract class SparkRoleConstruct extends Construct {
  /** @internal */
  protected readonly _additions = new ContainerAdditions(this);

  /** Adds an environment variable to the container; one the library sets cannot be replaced. */
  public addEnvironment(name: string, value: string): void {
    this._additions.addEnvironment(name, value);
  }

  /** Mounts a Docker volume or a host folder into the container, beside (never over) the library's mounts. */
  public addVolume(mount: VolumeMount): void {
    this._additions.addVolume(mount);
  }

  /**
   * The role's container, built as the library's roles build theirs, for a role written outside the library:
   * the cluster's Spark properties uploaded as spark-defaults.conf, its environment and volumes, what the
   * role adds (addEnvironment, addVolume), the containers' fence (Spark's own non-root user, no new
   * privileges, no capabilities, memory and CPU caps), a health check the deploy waits for, and the guarded
   * escape hatches (env, volumes, uploads and ports cannot be replaced). Call it once, from the constructor;
   * it becomes the construct's `node.defaultChild`.
   */
  protected addRoleContainer(id: string, props: RoleContainerProps): Container {
    const name = containerName(this, props.name);
    const ports = props.ports ?? [];
    claimHostPorts(this, Object.fromEntries(ports.map((p, i) => [`ports[${i}].hostPort`, p.hostPort])));
    const hostIp = ports.length ? hostIpFor(this, props.hostIp ?? props.attachment.hostIp) : undefined;
    const a = props.attachment;
    return this._container(
      id,
      {
        name,
        image: a.image.imageName,
        network: a.network,
        env: a.env,
        properties: a.sparkProperties,
        volumes: a.volumes,
        daemon: props.daemon ?? false,
        healthcheck: httpHealthcheck(props.healthcheckUrl),
        dependsOn: a.dependsOn,
        ...limitsOf(this, props.resources, { memory: Size.gibibytes(1), cpus: 1 }),
      },
      { command: props.command, ports: ports.map((p) => ({ internal: p.containerPort, external: p.hostPort, ip: hostIp })) },
    );
  }

  /**
   * @internal Every role's container, the library's and addRoleContainer's alike: the Spark parts all share,
   * what the user adds, the guarded escape hatches; it becomes the construct's default child.
   */
  protected _container(
    id: string,
    options: Omit<SparkContainerOptions, "additions">,
    rest: Pick<ContainerConfig, "command" | "ports" | "forEach">,
  ): RoleContainer {
    const container = new RoleContainer(this, id, { ...sparkContainer({ ...options, additions: this._additions }), ...rest }, this);
    this.node.defaultChild = container;
    return container;
  }
}

/**
 * A role whose container runs Spark drivers (JupyterLab's notebook sessions,
 * the Connect server's session): Spark properties can be added to the
 * sessions' defaults after construction, checked as its sparkProperties are.
 */
export abstract class SparkDriverConstruct extends SparkRoleConstruct {
  /** @internal The cluster the driver submits to, for the executor memory check; none in local mode. */
  protected _cluster?: ISparkCluster;

  /**
   * Adds Spark properties to the sessions' defaults (spark-defaults.conf),
   * over the library's, as the sparkProperties prop does. An executor memory
   * larger than every worker of the cluster offers fails synthesis.
   */
  public addSparkProperties(properties: Record<string, string>): void {
    const executorMemory = properties["spark.executor.memory"];
    if (this._cluster && executorMemory !== undefined) {
      // Attaching again with only the new ask records it: the cluster checks it against its workers' offers.
      this._cluster.attach(this, { asksExecutorMemory: Size.parse(requireMemory(this, "spark.executor.memory", executorMemory)) });
    }
    this._additions.addSparkProperties(properties);
  }
}
