#!/bin/sh
# cds.sh: builds the image's class-data-sharing archive (JDK AppCDS). A Spark JVM
# spends most of its first seconds loading and verifying the same few thousand
# classes; mapped from this archive they come pre-parsed and verified (measured:
# a local session and first query 9.0 s -> 5.6 s). The archive is only valid for
# the class path it was made with, so the constructs start every JVM with the
# jars first (spark.driver/executor.extraClassPath, SPARK_DAEMON_CLASSPATH) and
# the conf directory after them: the JDK refuses a non-empty directory on the
# archived part of the class path. The JVM options are the constructs' too.
set -eu
archive=/opt/spark/cds/spark.jsa
work=$(mktemp -d)
cp=/opt/spark/jars/*
spark-submit --master 'local[2]' --conf "spark.driver.extraClassPath=$cp" \
  --driver-java-options "-XX:ArchiveClassesAtExit=$archive -Xlog:cds=off -Xlog:cds+dynamic=off" \
  /usr/local/lib/cdktf-spark/cds-workload.py "$work" >"$work/dump.log" 2>&1 || { cat "$work/dump.log" >&2; exit 1; }
# Proof that a JVM started as the stack starts one maps it, with a conf file present:
# -Xshare:on refuses to start otherwise.
touch /opt/spark/conf/spark-defaults.conf "$work/check.py"
spark-submit --master 'local[1]' --conf "spark.driver.extraClassPath=$cp" \
  --driver-java-options "-XX:SharedArchiveFile=$archive -Xshare:on" "$work/check.py" >"$work/check.log" 2>&1 \
  || { cat "$work/check.log" >&2; echo "cds.sh: the archive does not map in a JVM started as the stack starts one" >&2; exit 1; }
rm -rf /opt/spark/conf/spark-defaults.conf "$work"
ls -l "$archive"
