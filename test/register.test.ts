import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const REGISTER = path.join(__dirname, "..", "scripts", "register.js");
const run = (file: string) => execFileSync(process.execPath, ["-r", REGISTER, file], { encoding: "utf8" }).trim();

describe("scripts/register.js, which cdktf.json runs main.ts with", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "cdktf-spark-register-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("runs TypeScript importing TypeScript, and an edited file runs as edited, never from a stale cache", () => {
    const lib = path.join(dir, "lib.ts");
    const main = path.join(dir, "main.ts");
    fs.writeFileSync(lib, 'export enum Mode { A = "first" }\nexport const mode: Mode = Mode.A;\n');
    fs.writeFileSync(
      main,
      'import { mode } from "./lib";\nconst out: string = `${mode} ${__filename.endsWith("main.ts")}`;\nconsole.log(out);\n',
    );
    expect(run(main)).toBe("first true");
    expect(run(main)).toBe("first true");
    fs.writeFileSync(lib, 'export enum Mode { A = "second" }\nexport const mode: Mode = Mode.A;\n');
    expect(run(main)).toBe("second true");
  });
});
