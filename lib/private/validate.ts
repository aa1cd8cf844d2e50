import { Token } from "cdktf";
import { IConstruct } from "constructs";
import { Duration, SPARK_TIME } from "../duration";
import { SparkConfigError } from "../errors";
import { SPARK_MEMORY, Size } from "../size";

// Strings the library only passes on to Terraform (bucket names, addresses,
// prefixes) may be tokens: they are honoured at deploy, and cannot be judged
// at synth. Numbers and memory sizes may not: the library computes ports,
// caps, container counts and names from them at synth, which a token (a
// TerraformVariable, another resource's attribute) would silently turn into
// garbage, so they are refused.
const unresolved = (value: unknown) => Token.isUnresolved(value);

/** Refuses a Terraform token where the library must know the value at synth. */
export function requireKnown<T>(scope: IConstruct, prop: string, value: T): T {
  if (unresolved(value)) {
    throw new SparkConfigError(
      scope,
      `${prop} is a Terraform token (a variable or another resource's attribute), but it decides ports, memory caps or how many containers there are, which are fixed at synth.`,
      `Pass a plain value; to choose it per deployment, read it in your app (e.g. from an environment variable) instead of a TerraformVariable.`,
    );
  }
  return value;
}

/**
 * One of an enum's values (JavaScript callers and settings read from the
 * environment pass strings); else an error listing them as `Name.KEY ("value")`.
 */
export function requireEnum<T extends string>(scope: IConstruct, prop: string, value: T, name: string, values: Record<string, T>): T {
  if (!Object.values(values).includes(value)) {
    const choices = Object.entries(values)
      .map(([key, v]) => `${name}.${key} ("${v}")`)
      .join(" or ");
    throw new SparkConfigError(scope, `${prop} "${value}" is not supported.`, `Use ${choices}.`);
  }
  return value;
}

/** An integer of at least `min` (1 unless told). */
export function requireInt(scope: IConstruct, prop: string, value: number, min = 1): number {
  if (!Number.isInteger(requireKnown(scope, prop, value)) || value < min) {
    throw new SparkConfigError(scope, `${prop} must be a whole number >= ${min}, got ${value}.`, `Set ${prop} to ${min} or more.`);
  }
  return value;
}

/** Spark/JVM memory like "512m" or "2g". */
export function requireMemory(scope: IConstruct, prop: string, value: string): string {
  if (!SPARK_MEMORY.test(requireKnown(scope, prop, value))) {
    throw new SparkConfigError(
      scope,
      `${prop} "${value}" is not a memory size.`,
      `Use a whole number followed by m or g, e.g. "512m" or "2g".`,
    );
  }
  return value;
}

/** How each typed value is checked, and what its errors suggest. */
const TYPED = {
  Size: {
    pattern: SPARK_MEMORY,
    what: "a memory size",
    pass: `Size.gibibytes(2) or Size.parse("2g")`,
    use: `whole mebibytes, e.g. Size.mebibytes(512), Size.gibibytes(2) or Size.parse("2g")`,
  },
  Duration: {
    pattern: SPARK_TIME,
    what: "a duration",
    pass: `Duration.days(30) or Duration.parse("30d")`,
    use: `whole units, e.g. Duration.days(30) or Duration.seconds(90)`,
  },
};

/** A Size or Duration prop: a known value Spark reads, returned as Spark reads it ("2g", "30d"). */
function requireTyped(scope: IConstruct, prop: string, value: Size | Duration, type: keyof typeof TYPED): string {
  const { pattern, what, pass, use } = TYPED[type];
  if (typeof (value as Partial<Size>)?.toSparkString !== "function") {
    throw new SparkConfigError(scope, `${prop} ${JSON.stringify(value)} is not a ${type}.`, `Pass a ${type}, e.g. ${pass}.`);
  }
  const text = requireKnown(scope, prop, value.toSparkString());
  if (!pattern.test(text)) throw new SparkConfigError(scope, `${prop} "${text}" is not ${what}.`, `Use ${use}.`);
  return text;
}

/** A Size prop, as Spark reads it ("2g"). */
export function requireSize(scope: IConstruct, prop: string, value: Size): string {
  return requireTyped(scope, prop, value, "Size");
}

/** A Duration prop, as Spark reads it ("30d"). */
export function requireDuration(scope: IConstruct, prop: string, value: Duration): string {
  return requireTyped(scope, prop, value, "Duration");
}

/** Megabytes in a memory size that passed requireMemory. */
export function memoryMb(value: string): number {
  const n = parseInt(value, 10);
  return value.endsWith("g") ? n * 1024 : n;
}

/** A TCP port 1..65535. */
export function requirePort(scope: IConstruct, prop: string, value: number): number {
  if (!Number.isInteger(requireKnown(scope, prop, value)) || value < 1 || value > 65535) {
    throw new SparkConfigError(scope, `${prop} ${value} is not a TCP port.`, `Use a whole number from 1 to 65535.`);
  }
  return value;
}

/** A name Docker accepts for a container, network or volume (and a DNS label, as containers are host names). */
export function requireDockerName(scope: IConstruct, prop: string, value: string): string {
  if (!unresolved(value) && !/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$/.test(value)) {
    throw new SparkConfigError(
      scope,
      `${prop} "${value}" is not a valid Docker name.`,
      `Use letters, digits, "_", "." or "-", starting with a letter or digit, at most 63 characters.`,
    );
  }
  return value;
}

/** An S3 bucket name as AWS accepts it (general purpose buckets). */
export function requireBucketName(scope: IConstruct, value: string): string {
  if (unresolved(value)) return value;
  const ok =
    /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(value) &&
    !/\.\./.test(value) &&
    !/^\d+\.\d+\.\d+\.\d+$/.test(value) &&
    !/^xn--|^sthree-|-s3alias$|--ol-s3$/.test(value);
  if (!ok) {
    throw new SparkConfigError(
      scope,
      `bucketName "${value}" is not a valid S3 bucket name.`,
      `Use 3-63 lowercase letters, digits, "-" or ".", starting and ending with a letter or digit.`,
    );
  }
  return value;
}

/** An IPv4 address to bind published ports to. */
export function requireHostIp(scope: IConstruct, value: string, prop = "hostIp"): string {
  const parts = value.split(".");
  if (!unresolved(value) && (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255))) {
    throw new SparkConfigError(
      scope,
      `${prop} "${value}" is not an IPv4 address.`,
      prop === "hostIp" ? `Use "127.0.0.1" (the default) or the address to publish on.` : `Use the host's IPv4 address, e.g. "10.0.0.11".`,
    );
  }
  return value;
}

/** A plain S3 prefix such as "spark-events" or "raw/in". */
export function requirePrefix(scope: IConstruct, prop: string, value: string): string {
  if (!unresolved(value) && !/^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*$/.test(value)) {
    throw new SparkConfigError(
      scope,
      `${prop} "${value}" is not a plain S3 prefix.`,
      `Use letters, digits and -_.!*'() separated by "/", without leading or trailing "/".`,
    );
  }
  return value;
}

/** A CPU cap in cores: a positive number with at most two decimals. */
export function requireCpus(scope: IConstruct, prop: string, value: number): number {
  if (!(requireKnown(scope, prop, value) > 0) || Math.round(value * 100) !== value * 100) {
    throw new SparkConfigError(scope, `${prop} ${value} is not a number of cores.`, `Use a positive number such as 1, 2 or 0.5.`);
  }
  return value;
}

/** Memory and CPU caps from a role's `resources` prop, or its defaults; memory in megabytes. */
export function limitsOf(
  scope: IConstruct,
  given: { memory?: Size; cpus?: number } | undefined,
  defaults: { memory: Size; cpus: number },
): { memoryMb: number; cpus: number } {
  const memory = requireSize(scope, "resources.memory", given?.memory ?? defaults.memory);
  const cpus = requireCpus(scope, "resources.cpus", given?.cpus ?? defaults.cpus);
  return { memoryMb: memoryMb(memory), cpus };
}
