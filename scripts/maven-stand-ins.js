// node scripts/maven-stand-ins.js: which of the Maven artifacts the chosen Spark version's image needs
// (its spark-hadoop-cloud, the AWS SDK modules s3a loads) Maven Central serves, and for each it lacks,
// the stand-in the library accepts (lib/private/stack-defaults.ts). Says what it found on stderr; prints
// the settings to use as KEY=value lines on stdout. Exits 1 if nothing fits.
const { stackDefaults } = require("../dist/private/stack-defaults");

const REPOSITORY = "https://repo.maven.apache.org/maven2";
const say = (m) => process.stderr.write(`    ${m}\n`);
const key = (version) =>
  version
    .split(".")
    .map((n) => n.padStart(6, "0"))
    .join(".");
const url = (group, artifact) => `${REPOSITORY}/${group.replace(/\./g, "/")}/${artifact}`;

async function has(group, artifact, version) {
  const response = await fetch(`${url(group, artifact)}/${version}/${artifact}-${version}.pom`, {
    method: "HEAD",
    signal: AbortSignal.timeout(20000),
  });
  return response.ok;
}

async function served(group, artifact) {
  const response = await fetch(`${url(group, artifact)}/maven-metadata.xml`, { signal: AbortSignal.timeout(20000) });
  if (!response.ok) return [];
  return [...(await response.text()).matchAll(/<version>([^<]+)<\/version>/g)].map((m) => m[1]);
}

/** The nearest of `candidates` to `wanted`: the oldest newer one, else the newest older one. */
function nearest(wanted, candidates) {
  const sorted = [...candidates].sort((a, b) => (key(a) < key(b) ? -1 : 1));
  return sorted.find((c) => key(c) >= key(wanted)) ?? sorted.pop();
}

async function main() {
  const defaults = stackDefaults(process.env.CDKTF_SPARK_RUNTIME, process.env.CDKTF_SPARK_VERSION);
  const { sparkVersion: version, release } = defaults;
  const chosen = [];

  const committer = `spark-hadoop-cloud_${release.scalaVersion}`;
  if (process.env.CDKTF_SPARK_CLOUD_COMMITTER_VERSION) {
    say(`${committer}: yours, ${process.env.CDKTF_SPARK_CLOUD_COMMITTER_VERSION}`);
  } else if (await has("org.apache.spark", committer, version)) {
    say(`${committer} ${version}: served`);
  } else {
    const all = await served("org.apache.spark", committer);
    const pick = nearest(
      version,
      all.filter((c) => defaults.committerStandsIn(c) && key(c) <= key(version)),
    );
    if (!pick)
      throw new Error(
        `Maven Central serves no ${committer} for Spark ${version} nor a release that may stand in (it has: ${all.join(" ")})`,
      );
    say(`${committer} ${version}: not served; using ${pick}'s binding classes (CDKTF_SPARK_CLOUD_COMMITTER_VERSION=${pick})`);
    chosen.push(`CDKTF_SPARK_CLOUD_COMMITTER_VERSION=${pick}`);
  }

  const sdk = release.awsSdk;
  if (process.env.CDKTF_SPARK_AWS_SDK_VERSION) {
    say(`AWS SDK: yours, ${process.env.CDKTF_SPARK_AWS_SDK_VERSION}`);
  } else {
    const missing = [];
    for (const m of sdk.modules) if (!(await has(sdk.group, m, sdk.version))) missing.push(m);
    if (missing.length === 0) {
      say(`AWS SDK ${sdk.version} (${sdk.modules.join(", ")}): served`);
    } else {
      const lists = await Promise.all(sdk.modules.map((m) => served(sdk.group, m)));
      const everywhere = lists[0].filter((c) => lists.every((l) => l.includes(c)) && defaults.sdkStandsIn(c));
      const pick = nearest(sdk.version, everywhere);
      if (!pick)
        throw new Error(
          `Maven Central lacks ${missing.join(", ")} ${sdk.version} and serves no other ${sdk.version.split(".").slice(0, 2).join(".")}.x release of all of ${sdk.modules.join(", ")}`,
        );
      say(
        `AWS SDK ${sdk.version}: ${missing.join(", ")} not served; using ${pick} for all its modules (CDKTF_SPARK_AWS_SDK_VERSION=${pick})`,
      );
      chosen.push(`CDKTF_SPARK_AWS_SDK_VERSION=${pick}`);
    }
  }
  process.stdout.write(chosen.map((c) => `${c}\n`).join(""));
}

main().catch((e) => {
  process.stderr.write(`error: ${e.message}\n`);
  process.exit(1);
});
