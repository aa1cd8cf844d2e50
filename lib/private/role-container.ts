import { Container, ContainerConfig, ContainerPorts, ContainerUpload, ContainerVolumes } from "@cdktf/provider-docker/lib/container";
import { IResolvable } from "cdktf";
import { Construct, IConstruct } from "constructs";
import { SparkConfigError } from "../errors";

/** What replaces each of the library's container settings, and the method that adds to it instead. */
const GUARDED: Record<string, { what: string; instead: string }> = {
  env: { what: "the RPC secret, the bucket's credentials and the JVM options", instead: "addEnvironment(name, value)" },
  volumes: { what: "spark-defaults.conf, the notebooks, event logs and recovery state", instead: "addVolume(mount)" },
  upload: { what: "spark-defaults.conf", instead: "addSparkProperties(properties) (drivers) or the role's sparkProperties prop" },
  ports: { what: "the published ports, bound to the role's hostIp", instead: "the role's port props and hostIp" },
};

/**
 * A role's container (master, workers, history server, JupyterLab, Connect
 * server): the provider's Container, with the escape hatches that would drop
 * what the role needs to work refused on the spot. Replacing or overriding its
 * env, volumes, uploads or ports (`addOverride("env", …)`, `env = …`,
 * `putVolumes`, `resetPorts`, …) throws a SparkConfigError naming the role and
 * the method that adds to them; every other setting and override works as on
 * any Container.
 */
export class RoleContainer extends Container {
  constructor(
    scope: Construct,
    id: string,
    config: ContainerConfig,
    private readonly role: IConstruct,
  ) {
    super(scope, id, config);
  }

  public addOverride(path: string, value: unknown): void {
    const setting = /^(env|volumes|upload|ports)(\.|$)/.exec(path)?.[1];
    if (setting) this.refuse(setting, `addOverride("${path}", …)`);
    super.addOverride(path, value);
  }

  public get env(): string[] {
    return super.env;
  }
  public set env(_value: string[]) {
    this.refuse("env", "setting env");
  }
  public resetEnv(): void {
    this.refuse("env", "resetEnv()");
  }
  public putVolumes(_value: ContainerVolumes[] | IResolvable): void {
    this.refuse("volumes", "putVolumes(…)");
  }
  public resetVolumes(): void {
    this.refuse("volumes", "resetVolumes()");
  }
  public putUpload(_value: ContainerUpload[] | IResolvable): void {
    this.refuse("upload", "putUpload(…)");
  }
  public resetUpload(): void {
    this.refuse("upload", "resetUpload()");
  }
  public putPorts(_value: ContainerPorts[] | IResolvable): void {
    this.refuse("ports", "putPorts(…)");
  }
  public resetPorts(): void {
    this.refuse("ports", "resetPorts()");
  }

  private refuse(setting: string, how: string): never {
    const { what, instead } = GUARDED[setting];
    throw new SparkConfigError(
      this.role,
      `${how} on its container would replace the library's ${setting} (${what}), which the role needs to work.`,
      `Use the role's ${instead}: it adds to them.`,
    );
  }
}
