import { IConstruct } from "constructs";
import { configError } from "./errors";

/** An integer of at least `min` (1 unless told), or a synth error naming the prop. */
export function requireInt(scope: IConstruct, prop: string, value: number, min = 1): number {
  if (!Number.isInteger(value) || value < min) {
    throw configError(scope, `${prop} must be a whole number >= ${min}, got ${value}. Set ${prop} to ${min} or more.`);
  }
  return value;
}

/** Spark/JVM memory like "512m" or "2g". */
export function requireMemory(scope: IConstruct, prop: string, value: string): string {
  if (!/^[1-9]\d*[mg]$/.test(value)) {
    throw configError(scope, `${prop} "${value}" is not a memory size. Use a whole number followed by m or g, e.g. "512m" or "2g".`);
  }
  return value;
}

/** Megabytes in a memory size that passed requireMemory. */
export function memoryMb(value: string): number {
  const n = parseInt(value, 10);
  return value.endsWith("g") ? n * 1024 : n;
}

/** A TCP port 1..65535. */
export function requirePort(scope: IConstruct, prop: string, value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw configError(scope, `${prop} ${value} is not a TCP port. Use a whole number from 1 to 65535.`);
  }
  return value;
}

/** A name Docker accepts for a container, network or volume. */
export function requireDockerName(scope: IConstruct, prop: string, value: string): string {
  if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$/.test(value)) {
    throw configError(scope, `${prop} "${value}" is not a valid Docker name. Use letters, digits, "_", "." or "-", starting with a letter or digit, at most 63 characters.`);
  }
  return value;
}

/** An S3 bucket name as AWS accepts it (general purpose buckets). */
export function requireBucketName(scope: IConstruct, value: string): string {
  const ok =
    /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(value) &&
    !/\.\./.test(value) &&
    !/^\d+\.\d+\.\d+\.\d+$/.test(value) &&
    !/^xn--|^sthree-|-s3alias$|--ol-s3$/.test(value);
  if (!ok) {
    throw configError(scope, `bucketName "${value}" is not a valid S3 bucket name. Use 3-63 lowercase letters, digits, "-" or ".", starting and ending with a letter or digit.`);
  }
  return value;
}

/** An IPv4 address to bind published ports to. */
export function requireHostIp(scope: IConstruct, value: string): string {
  const parts = value.split(".");
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) {
    throw configError(scope, `hostIp "${value}" is not an IPv4 address. Use "127.0.0.1" (the default) or the address to publish on.`);
  }
  return value;
}
