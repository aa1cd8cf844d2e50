#!/bin/sh
# s3a-jars.sh OUT: resolves, with Maven and every checksum enforced, the runtime
# dependencies of $S3A_ARTIFACTS (minus $S3A_EXCLUDE, the SDK bundle) and the
# single jar $CLOUD_COMMITTER_ARTIFACT, then keeps in OUT only the jars whose
# artifact /opt/spark/jars does not already ship: one copy of each library on
# the classpath, Spark's own winning.
set -eu
out=$1
work=$(mktemp -d)
cd "$work"

dependency() { # $1 = group:artifact:version, $2 = exclusions XML
  g=${1%%:*}; rest=${1#*:}; a=${rest%%:*}; v=${rest#*:}
  echo "<dependency><groupId>$g</groupId><artifactId>$a</artifactId><version>$v</version><exclusions>$2</exclusions></dependency>"
}
exclude_bundle="<exclusion><groupId>${S3A_EXCLUDE%%:*}</groupId><artifactId>${S3A_EXCLUDE#*:}</artifactId></exclusion>"
{
  echo '<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>'
  echo '<groupId>local</groupId><artifactId>s3a-jars</artifactId><version>1</version><dependencies>'
  for artifact in $S3A_ARTIFACTS; do dependency "$artifact" "$exclude_bundle"; done
  # The committer module alone: its pom pulls every cloud connector Spark knows.
  dependency "$CLOUD_COMMITTER_ARTIFACT" '<exclusion><groupId>*</groupId><artifactId>*</artifactId></exclusion>'
  echo '</dependencies></project>'
} >pom.xml
cat >settings.xml <<XML
<settings><mirrors><mirror><id>repository</id><mirrorOf>*</mirrorOf><url>$MAVEN_REPOSITORY</url></mirror></mirrors></settings>
XML

mvn -B -q -C -s settings.xml -Dmaven.repo.local="$work/m2" \
  "org.apache.maven.plugins:maven-dependency-plugin:$DEPENDENCY_PLUGIN_VERSION:copy-dependencies" \
  -DincludeScope=runtime -DoutputDirectory="$work/jars" ||
  { echo "Cannot resolve the s3a jars ($S3A_ARTIFACTS $CLOUD_COMMITTER_ARTIFACT) from $MAVEN_REPOSITORY with matching checksums: pass a mirror that serves them as MAVEN_REPOSITORY, or use a Spark version it serves" >&2; exit 1; }

mkdir -p "$out"
for jar in "$work"/jars/*.jar; do
  name=$(basename "$jar")
  # artifact id = the file name up to "-<digit>" (the version)
  artifact=$(echo "$name" | sed -E 's/-[0-9][^/]*\.jar$//')
  # Spark routes commons-logging through jcl-over-slf4j (the same classes).
  [ "$artifact" = commons-logging ] && artifact=jcl-over-slf4j
  if ls /opt/spark/jars | grep -q -E "^${artifact}-[0-9]"; then
    echo "kept Spark's own $(ls /opt/spark/jars | grep -E "^${artifact}-[0-9]" | head -1) over $name"
  else
    cp "$jar" "$out/"
  fi
done
ls -l "$out"
echo "s3a jars: $(du -sm "$out" | cut -f1) MB"
rm -rf "$work"
