#!/bin/sh
# s3a-jars.sh JARS: resolves, with Maven and every checksum enforced, the
# runtime dependencies of $S3A_ARTIFACTS (minus $S3A_EXCLUDE, the SDK bundle)
# and of $SESSION_ARTIFACTS (the catalog's JDBC driver, table formats), and
# the single jar $CLOUD_COMMITTER_ARTIFACT, and adds to JARS (Spark's
# jars folder) those whose artifact is not there yet: one copy of each library
# on the classpath, Spark's own winning. Maven and its repository are deleted.
set -eu
jars=$1
work=$(mktemp -d)
cd "$work"

# Maven's binary distribution, from the same repository as the jars, SHA-1 checked.
url="$MAVEN_REPOSITORY/org/apache/maven/apache-maven/$MAVEN_VERSION/apache-maven-$MAVEN_VERSION-bin.tar.gz"
{ wget -q -O maven.tar.gz "$url" && echo "$(wget -q -O - "$url.sha1" | cut -c1-40)  maven.tar.gz" | sha1sum -c --quiet -; } ||
  { echo "Cannot fetch Maven $MAVEN_VERSION (with a matching SHA-1) from $MAVEN_REPOSITORY" >&2; exit 1; }
mkdir maven && tar -C maven --strip-components=1 -xzf maven.tar.gz

dependency() { # $1 = group:artifact:version, $2 = exclusions XML
  g=${1%%:*}; rest=${1#*:}; a=${rest%%:*}; v=${rest#*:}
  echo "<dependency><groupId>$g</groupId><artifactId>$a</artifactId><version>$v</version><exclusions>$2</exclusions></dependency>"
}
exclude_bundle="<exclusion><groupId>${S3A_EXCLUDE%%:*}</groupId><artifactId>${S3A_EXCLUDE#*:}</artifactId></exclusion>"
{
  echo '<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>'
  echo '<groupId>local</groupId><artifactId>s3a-jars</artifactId><version>1</version><dependencies>'
  for artifact in $S3A_ARTIFACTS ${SESSION_ARTIFACTS:-}; do dependency "$artifact" "$exclude_bundle"; done
  # The committer module alone: its pom pulls every cloud connector Spark knows.
  dependency "$CLOUD_COMMITTER_ARTIFACT" '<exclusion><groupId>*</groupId><artifactId>*</artifactId></exclusion>'
  echo '</dependencies></project>'
} >pom.xml
cat >settings.xml <<XML
<settings><mirrors><mirror><id>repository</id><mirrorOf>*</mirrorOf><url>$MAVEN_REPOSITORY</url></mirror></mirrors></settings>
XML

maven/bin/mvn -B -q -C -s settings.xml -Dmaven.repo.local="$work/m2" \
  "org.apache.maven.plugins:maven-dependency-plugin:$DEPENDENCY_PLUGIN_VERSION:copy-dependencies" \
  -DincludeScope=runtime -DoutputDirectory="$work/resolved" ||
  { echo "Cannot resolve the jars ($S3A_ARTIFACTS ${SESSION_ARTIFACTS:-} $CLOUD_COMMITTER_ARTIFACT) from $MAVEN_REPOSITORY with matching checksums: pass a mirror that serves them as MAVEN_REPOSITORY, or use versions it serves" >&2; exit 1; }

added=0
for jar in "$work"/resolved/*.jar; do
  name=$(basename "$jar")
  # artifact id = the file name up to "-<digit>" (the version)
  artifact=$(echo "$name" | sed -E 's/-[0-9][^/]*\.jar$//')
  # Spark routes commons-logging through jcl-over-slf4j (the same classes).
  [ "$artifact" = commons-logging ] && artifact=jcl-over-slf4j
  own=$(ls "$jars" | grep -E "^${artifact}-[0-9]" | head -1 || true)
  if [ -n "$own" ]; then
    echo "kept Spark's own $own over $name"
  else
    cp "$jar" "$jars/" && echo "added $name" && added=$((added + $(du -k "$jar" | cut -f1)))
  fi
done
echo "jars added: $((added / 1024)) MB"

# --- The catalog alias (catalog-alias/, cdktf.spark.SessionCatalogAlias: a Unity-Catalog-style
# name such as `main` for the session catalog), compiled against exactly these jars by the
# Eclipse compiler, which runs on the image's JRE (no javac here); ECJ comes like the jars above.
ecj=org.eclipse.jdt:ecj:3.46.100
alias_src=/usr/local/lib/cdktf-spark/catalog-alias
maven/bin/mvn -B -q -C -s settings.xml -Dmaven.repo.local="$work/m2" \
  "org.apache.maven.plugins:maven-dependency-plugin:$DEPENDENCY_PLUGIN_VERSION:copy" \
  -Dartifact="$ecj" -DoutputDirectory="$work/ecj" ||
  { echo "Cannot fetch $ecj from $MAVEN_REPOSITORY with a matching checksum" >&2; exit 1; }
# shellcheck disable=SC2046 # one word per source file
java -jar "$work"/ecj/ecj-*.jar -17 -nowarn -encoding UTF-8 -d "$work/classes" \
  -cp "$(ls "$jars"/*.jar | tr '\n' ':')" $(find "$alias_src" -name '*.java') ||
  { echo "Cannot compile $alias_src against the jars in $jars" >&2; exit 1; }
# No jar tool in a JRE: python3's zipfile, with fixed timestamps.
python3 - "$work/classes" "$jars/cdktf-spark-catalog-alias.jar" <<'PY'
import os, sys, zipfile
classes, jar = sys.argv[1:]
with zipfile.ZipFile(jar, "w", zipfile.ZIP_DEFLATED) as z:
    for root, dirs, files in os.walk(classes):
        dirs.sort()
        for f in sorted(files):
            with open(os.path.join(root, f), "rb") as c:
                name = os.path.relpath(os.path.join(root, f), classes)
                z.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), c.read(), zipfile.ZIP_DEFLATED)
PY
echo "added cdktf-spark-catalog-alias.jar"
cd / && rm -rf "$work"
