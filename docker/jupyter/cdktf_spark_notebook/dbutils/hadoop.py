"""The few file operations dbutils.fs needs, done by Hadoop's FileSystem API in the session's JVM, so
s3a:// paths use the cluster's S3 settings and credentials (spark-defaults.conf) like spark.read does.

test/notebook fakes this class: keep its interface small and plain (URIs in, Entry / bytes / bool out).
"""
from collections import namedtuple

Entry = namedtuple("Entry", "path is_dir size mtime")  # path: the qualified URI; mtime: ms since the epoch


class HadoopFiles:
    def __init__(self, spark):
        self._jvm = spark._jvm
        self._conf = spark.sparkContext._jsc.hadoopConfiguration()

    def _resolve(self, uri):
        path = self._jvm.org.apache.hadoop.fs.Path(uri)
        return path, path.getFileSystem(self._conf)

    @staticmethod
    def _entry(status):
        return Entry(status.getPath().toString(), status.isDirectory(), status.getLen(), status.getModificationTime())

    def status(self, uri):
        """The Entry at `uri`, or None when nothing is there."""
        path, fs = self._resolve(uri)
        return self._entry(fs.getFileStatus(path)) if fs.exists(path) else None

    def list(self, uri):
        path, fs = self._resolve(uri)
        return [self._entry(status) for status in fs.listStatus(path)]

    def read(self, uri, limit):
        """Up to `limit` bytes from the start of the file."""
        path, fs = self._resolve(uri)
        stream = fs.open(path)
        try:
            return bytes(stream.readNBytes(limit))  # a byte[] result crosses py4j as bytes, in one call
        finally:
            stream.close()

    def write(self, uri, data, overwrite):
        path, fs = self._resolve(uri)
        stream = fs.create(path, overwrite)
        try:
            stream.write(bytearray(data))
        finally:
            stream.close()

    def delete(self, uri, recursive):
        path, fs = self._resolve(uri)
        return fs.delete(path, recursive)

    def mkdirs(self, uri):
        path, fs = self._resolve(uri)
        return fs.mkdirs(path)

    def copy(self, source, target, delete_source):
        """Copies a file or a whole directory, across file systems too (FileUtil.copy), replacing files at the target."""
        source_path, source_fs = self._resolve(source)
        target_path, target_fs = self._resolve(target)
        return self._jvm.org.apache.hadoop.fs.FileUtil.copy(
            source_fs, source_path, target_fs, target_path, delete_source, True, self._conf)
