import * as fs from "fs";
import * as path from "path";
import { LocalBackend, TerraformStack } from "cdktf";

/**
 * Terraform state of this repository's stacks holds the Jupyter and Connect tokens, the RPC secret,
 * the local bucket's keys and the catalog password in plain text: it lives in a folder only its owner
 * can open (0700), in files only its owner can read (0600).
 */
export const STATE_DIR = "state";

const stateFile = (stackId: string) => `terraform.${stackId}.tfstate`;

/** The project folder of an app writing to `outdir`: its parent, where STATE_DIR is (privateLocalState's path says so too). */
export const projectDirOf = (outdir: string) => path.resolve(outdir, "..");

/**
 * The stack's local backend in STATE_DIR. Relative to the stack's working directory
 * (cdktf.out/stacks/<id>), so the synthesized stack does not name the checkout.
 */
export function privateLocalState(stack: TerraformStack): void {
  new LocalBackend(stack, { path: path.posix.join("..", "..", "..", STATE_DIR, stateFile(stack.node.id)) });
}

/**
 * Runs before every synth (so before every deploy, diff and destroy): makes STATE_DIR private,
 * moves a state file that 0.8.0 and earlier kept in the project folder into it, and creates the
 * state file and its backup 0600 before Terraform does. Terraform rewrites an existing file in place
 * and keeps its mode; a file it creates gets the user's umask (0644 on most systems).
 */
export function protectState(projectDir: string, stackIds: readonly string[]): void {
  const dir = path.join(projectDir, STATE_DIR);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
  for (const id of stackIds) {
    for (const name of [stateFile(id), `${stateFile(id)}.backup`]) {
      const file = path.join(dir, name);
      const old = path.join(projectDir, name);
      if (fs.existsSync(old)) {
        if (!fs.existsSync(file) || fs.statSync(file).size === 0) fs.renameSync(old, file);
        // Older than the state in use, but it holds secrets all the same.
        else fs.chmodSync(old, 0o600);
      }
      // An empty state file is no state to Terraform.
      if (!fs.existsSync(file)) fs.writeFileSync(file, "", { mode: 0o600 });
      fs.chmodSync(file, 0o600);
    }
  }
}
