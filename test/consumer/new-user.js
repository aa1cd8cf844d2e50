// The README's "Use it in your own project" section as a bash script, printed to stdout, so
// new-user.sh runs what a new user reads, in the order they read it: every bash block verbatim
// (but the clone, which new-user.sh replaces by packing this checkout, and the deploys, which
// need Docker and the Terraform registry), every file block (```json cdktf.json, ```ts main.ts)
// written as it stands, and after each `npx cdktf synth` (or `npx cdktn synth`) the check of what it wrote.
// Usage: node new-user.js PAGE.md CHECK_COMMAND TYPECHECK_COMMAND
const fs = require("fs");

const [readmePath, check, typecheck] = process.argv.slice(2);
const readme = fs.readFileSync(readmePath, "utf8");
const start = readme.indexOf("\n## Use it in your own project\n");
if (start < 0) throw new Error('README has no "## Use it in your own project" section');
const end = readme.indexOf("\n## ", start + 1);
const section = readme.slice(start, end < 0 ? undefined : end);

const blocks = [...section.matchAll(/^```(\w+)(?: +(\S+))?\n([\s\S]*?)^```$/gm)].map(([, lang, file, text]) => ({ lang, file, text }));
const script = ["set -euo pipefail"];
let synths = 0;
for (const { lang, file, text } of blocks) {
  if (file) {
    // A heredoc delimiter the block cannot contain.
    if (text.includes("\nREADME_FILE\n")) throw new Error(`${file} contains the heredoc delimiter`);
    script.push(`echo "[new user +$SECONDS s] write ${file}"`, `cat > ${file} <<'README_FILE'\n${text}README_FILE`);
    if (file.endsWith(".ts")) script.push(`echo "[new user +$SECONDS s] tsc --strict ${file}"`, `${typecheck} ${file}`);
  } else if (lang === "bash") {
    if (/^git clone /m.test(text)) {
      if (!/npm pack|npm run pack:cdktn/.test(text))
        throw new Error("the clone block no longer makes the tarball with npm pack (or pack:cdktn), which new-user.sh does in its place");
      script.push('echo "[new user] skip the clone: new-user.sh packed this checkout into cdktf-spark/"');
    } else if (/cdkt[fn] deploy/.test(text)) {
      const deploys = text.split("\n").filter((l) => /cdkt[fn] deploy/.test(l)).map((l) => l.replace(/\s+#.*$/, "").replace(/["$`\\]/g, ""));
      script.push(`echo "[new user] skip (needs Docker and the Terraform registry): ${deploys.join("; ")}"`);
    } else {
      for (const line of text.replace(/\s*\\\n\s*/g, " ").split("\n").filter((l) => l.trim())) {
        const command = line.replace(/\s+#.*$/, "");
        script.push(`echo "[new user +$SECONDS s] $ ${command.replace(/["$`\\]/g, "\\$&")}"`, command);
        if (/^npx cdkt[fn] synth\b/.test(command)) {
          script.push(check);
          synths++;
        }
      }
    }
  } else {
    throw new Error(`a \`\`\`${lang} block without a file name in the README's new-user section: new-user.sh cannot follow it`);
  }
}
if (!synths) throw new Error("the new-user section never runs npx cdktf synth (or cdktn synth)");
process.stdout.write(script.join("\n") + "\n");
