/** A Python virtualenv on the host with given packages, cached by its requirement list. */
import { createHash } from "crypto";
import { existsSync, readFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { step } from "./shell";

export function venv(requirements: string[]): string {
  return venvOf(requirements.join("\n"), requirements);
}

/** A virtualenv installed from a hash-pinned lock file (`pip --require-hashes`), cached by the lock's content. */
export function lockedVenv(lockFile: string): string {
  return venvOf(readFileSync(lockFile, "utf8"), ["--require-hashes", "--no-deps", "-r", lockFile]);
}

function venvOf(key: string, pipArgs: string[]): string {
  const cache = process.env.CDKTF_SPARK_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "cdktf-spark");
  const dir = path.join(cache, `venv-${createHash("sha256").update(key).digest("hex").slice(0, 12)}`);
  const python = path.join(dir, "bin", "python");
  if (!existsSync(path.join(dir, ".complete"))) {
    step("venv-create", "python3", ["-m", "venv", "--clear", dir]);
    step("venv-install", python, ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", ...pipArgs]);
    step("venv-complete", "touch", [path.join(dir, ".complete")]);
  }
  return python;
}
