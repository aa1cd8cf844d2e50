/** A Python virtualenv on the host with given packages, cached by its requirement list. */
import { createHash } from "crypto";
import { existsSync } from "fs";
import * as os from "os";
import * as path from "path";
import { step } from "./shell";

export function venv(requirements: string[]): string {
  const cache = process.env.CDKTF_SPARK_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "cdktf-spark");
  const dir = path.join(cache, `venv-${createHash("sha256").update(requirements.join("\n")).digest("hex").slice(0, 12)}`);
  const python = path.join(dir, "bin", "python");
  if (!existsSync(path.join(dir, ".complete"))) {
    step("venv-create", "python3", ["-m", "venv", "--clear", dir]);
    step("venv-install", python, ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", ...requirements]);
    step("venv-complete", "touch", [path.join(dir, ".complete")]);
  }
  return python;
}
