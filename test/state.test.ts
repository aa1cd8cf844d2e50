import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { protectState } from "../stacks/state";

const mode = (file: string) => fs.statSync(file).mode & 0o777;

describe("the repository's stacks keep their state (and its secrets) to the owner", () => {
  let project: string;
  beforeEach(() => {
    project = fs.mkdtempSync(path.join(os.tmpdir(), "cdktf-spark-state-"));
  });
  afterEach(() => fs.rmSync(project, { recursive: true, force: true }));

  test("a fresh project gets a 0700 state folder with each stack's state file and backup created 0600, empty (no state to Terraform)", () => {
    protectState(project, ["local-stack", "cluster-stack"]);
    expect(mode(path.join(project, "state"))).toBe(0o700);
    const files = fs.readdirSync(path.join(project, "state")).sort();
    expect(files).toEqual([
      "terraform.cluster-stack.tfstate",
      "terraform.cluster-stack.tfstate.backup",
      "terraform.local-stack.tfstate",
      "terraform.local-stack.tfstate.backup",
    ]);
    for (const file of files) {
      expect(mode(path.join(project, "state", file))).toBe(0o600);
      expect(fs.statSync(path.join(project, "state", file)).size).toBe(0);
    }
  });

  test("state that 0.8.0 wrote world-readable into the project folder is moved into the state folder, 0600, content kept", () => {
    const old = path.join(project, "terraform.local-stack.tfstate");
    fs.writeFileSync(old, '{"version": 4, "serial": 7}', { mode: 0o644 });
    fs.writeFileSync(`${old}.backup`, '{"version": 4, "serial": 6}', { mode: 0o644 });
    protectState(project, ["local-stack"]);
    expect(fs.existsSync(old)).toBe(false);
    expect(fs.existsSync(`${old}.backup`)).toBe(false);
    const moved = path.join(project, "state", "terraform.local-stack.tfstate");
    expect(fs.readFileSync(moved, "utf8")).toContain('"serial": 7');
    expect(fs.readFileSync(`${moved}.backup`, "utf8")).toContain('"serial": 6');
    expect([mode(moved), mode(`${moved}.backup`)]).toEqual([0o600, 0o600]);
  });

  test("a state folder or file someone opened up is closed again, existing state is never replaced by an older file, and that file is closed too", () => {
    protectState(project, ["local-stack"]);
    const state = path.join(project, "state", "terraform.local-stack.tfstate");
    fs.writeFileSync(state, '{"serial": 9}');
    fs.chmodSync(state, 0o644);
    fs.chmodSync(path.join(project, "state"), 0o755);
    fs.writeFileSync(path.join(project, "terraform.local-stack.tfstate"), '{"serial": 1}');
    protectState(project, ["local-stack"]);
    expect(mode(path.join(project, "state"))).toBe(0o700);
    expect(mode(state)).toBe(0o600);
    expect(fs.readFileSync(state, "utf8")).toBe('{"serial": 9}');
    expect(mode(path.join(project, "terraform.local-stack.tfstate"))).toBe(0o600);
  });
});
