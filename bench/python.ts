/**
 * The Python side of `npm run bench`: the README's Python app (`python main.py`) beside its TypeScript app
 * (`main.ts`, run with tsx as cdktf.json runs it), synthesized in the same run on the same machine, and what a
 * local-bucket Python app installs. The wheels are scripts/jsii.sh's; the virtualenv is test/python's lock
 * without the AWS bindings, cached by its content.
 */
import { execFileSync, spawnSync } from "child_process";
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { median } from "./settle";

const RUNS = 5;

export interface PythonFigures {
  /** `python -c "import cdktf_spark"`, ms. */
  importMs: number;
  /** `python main.py`, the README's app, ms. */
  pythonSynthMs: number;
  /** `node -r tsx/cjs main.ts`, the README's TypeScript app, ms. */
  typescriptSynthMs: number;
  /** Installed size of the cdktf-spark wheel over cdktf, constructs and the Docker and random bindings, MB. */
  installOverMb: number;
  /** The whole environment of a local-bucket app, MB. */
  environmentMb: number;
  /** The Node version jsii runs Python apps on. */
  node: string;
}

const block = (readme: string, fence: string) => {
  const m = new RegExp("^```" + fence + "\\n([\\s\\S]*?)^```$", "m").exec(readme);
  if (!m) throw new Error(`README has no \`\`\`${fence} block`);
  return m[1];
};

function wall(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(command, args, { cwd, env, encoding: "utf8" });
    if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (exit ${result.status}): ${result.stderr}`);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(times);
}

const du = (dir: string) => Number(execFileSync("du", ["-sm", dir], { encoding: "utf8" }).split("\t")[0]);

export function pythonFigures(root: string, out: string): PythonFigures {
  execFileSync("bash", [path.join(root, "scripts", "jsii.sh")], { stdio: "inherit" });
  const wheel = (dir: string, name: string) => {
    const folder = path.join(root, dir, "dist", "python");
    return path.join(
      folder,
      execFileSync("ls", [folder], { encoding: "utf8" })
        .split("\n")
        .find((f) => f.startsWith(`${name}-`))!,
    );
  };
  // The lock minus the AWS bindings: cdktf, constructs, the Docker and random bindings, jsii and theirs.
  const lock = readFileSync(path.join(root, "test", "python", "requirements.txt"), "utf8")
    .split(/\n(?=\S)/)
    .filter((entry) => !/^(cdktf-cdktf-provider-aws|pytest|iniconfig|pluggy|pygments|packaging)==/.test(entry))
    .join("\n");
  const key = execFileSync("sha256sum", { input: lock, encoding: "utf8" }).slice(0, 12);
  const cache = process.env.CDKTF_SPARK_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "cdktf-spark");
  const venv = path.join(cache, `venv-python-bench-${key}`);
  const pip = (...args: string[]) =>
    execFileSync(path.join(venv, "bin", "pip"), ["--disable-pip-version-check", "-q", ...args], { stdio: "inherit" });
  if (!existsSync(path.join(venv, ".complete"))) {
    execFileSync("python3", ["-m", "venv", "--clear", venv], { stdio: "inherit" });
    const lockFile = path.join(out, "python-bench-requirements.txt");
    mkdirSync(out, { recursive: true });
    writeFileSync(lockFile, lock);
    pip("install", "--require-hashes", "--no-deps", "-r", lockFile);
    writeFileSync(path.join(venv, ".complete"), "");
  }
  const site = execFileSync(path.join(venv, "bin", "python"), ["-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], {
    encoding: "utf8",
  }).trim();
  pip("uninstall", "-y", "cdktf-spark");
  const before = du(site);
  // With its requirements checked against what is installed: a missing one would be fetched, and counted.
  pip("install", wheel(".jsii-build", "cdktf_spark"));
  const environmentMb = du(site);
  const installOverMb = environmentMb - before;

  const app = path.join(out, "python-bench");
  mkdirSync(path.join(app, "py"), { recursive: true });
  mkdirSync(path.join(app, "ts", "node_modules"), { recursive: true });
  const readme = readFileSync(path.join(root, "README.md"), "utf8");
  writeFileSync(path.join(app, "py", "main.py"), block(readme, "python main.py"));
  writeFileSync(path.join(app, "ts", "main.ts"), block(readme, "ts main.ts"));
  if (!existsSync(path.join(app, "ts", "node_modules", "cdktf-spark")))
    symlinkSync(root, path.join(app, "ts", "node_modules", "cdktf-spark"));
  const env = { ...process.env, CI: "true" };
  const python = path.join(venv, "bin", "python");
  const importMs = wall(python, ["-c", "import cdktf_spark"], app, env);
  const pythonSynthMs = wall(python, ["main.py"], path.join(app, "py"), env);
  const tsx = path.join(root, "node_modules", "tsx", "dist", "cjs", "index.cjs");
  const typescriptSynthMs = wall(process.execPath, ["-r", tsx, "main.ts"], path.join(app, "ts"), {
    ...env,
    NODE_PATH: path.join(root, "node_modules"),
  });
  const node = execFileSync("node", ["--version"], { env, encoding: "utf8" }).trim();
  return { importMs, pythonSynthMs, typescriptSynthMs, installOverMb, environmentMb, node };
}
