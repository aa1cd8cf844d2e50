"""Where a Databricks path lands in this workbench, and how a path found there is shown back.

  s3a://b/k          as is (the cluster's S3 settings and credentials apply)
  s3://b/k, s3n://   s3a://b/k (Databricks accepts s3://; Hadoop's S3 client here is s3a)
  file:/x            the driver's (JupyterLab container's) own disk
  dbfs:/x, /x, x     <CDKTF_SPARK_DBFS_ROOT>/x: DBFS has no home here but the workbench's bucket
  /dbfs/x            refused: the FUSE mount of DBFS does not exist here
Other schemes (hdfs://, abfss://, ...) go to Hadoop as they are.
"""
import os

DBFS_ROOT_ENV = "CDKTF_SPARK_DBFS_ROOT"


class PathNotSupported(ValueError):
    """A path form this workbench cannot serve; the message says which form to use."""


def dbfs_root(call):
    root = os.environ.get(DBFS_ROOT_ENV, "").rstrip("/")
    if not root:
        raise PathNotSupported(
            "%s: this workbench has no bucket (%s is unset), so dbfs: and bare / paths have nowhere to go; "
            "use a file:/ path (the driver's disk) or an s3a://bucket/... path" % (call, DBFS_ROOT_ENV))
    return root


def resolve(path, call):
    """(Hadoop URI for `path`, function turning a Hadoop URI found under it back into the caller's form).
    `call` names the dbutils call for error messages."""
    if not isinstance(path, str) or not path.strip():
        raise PathNotSupported("%s: a path must be a non-empty string, got %r" % (call, path))
    path = path.strip()
    if path == "/dbfs" or path.startswith("/dbfs/"):
        raise PathNotSupported(
            "%s: %s is on Databricks' /dbfs FUSE mount, which does not exist in this workbench; "
            "use dbfs:%s (the workbench's bucket) or an s3a:// path" % (call, path, path[len("/dbfs"):] or "/"))
    for alias in ("s3://", "s3n://"):
        if path.startswith(alias):
            return "s3a://" + path[len(alias):], lambda found, alias=alias: alias + found[len("s3a://"):]
    if "://" in path or path.startswith("file:"):
        return path, lambda found: found
    # dbfs:/x, /x and x are all DBFS paths on Databricks; results come back as dbfs:/ paths, as there.
    tail = path[len("dbfs:"):] if path.startswith("dbfs:") else path
    root = dbfs_root(call)
    return root + "/" + tail.lstrip("/"), lambda found: "dbfs:/" + found[len(root):].lstrip("/") if found.startswith(root) else found
