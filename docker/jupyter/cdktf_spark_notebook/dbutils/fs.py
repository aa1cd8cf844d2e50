"""dbutils.fs: Databricks' file utility, same calls and results, over Hadoop's FileSystem API (hadoop.py).
Where each path form lands: paths.py."""
from collections import namedtuple

from .base import Utility
from .paths import resolve

# Databricks' shape: directories' path and name end with "/" and have size 0; modificationTime is in ms.
FileInfo = namedtuple("FileInfo", "path name size modificationTime")

_NO_MOUNTS = ("there are no mounts here: use s3a://bucket/... paths directly (dbutils.fs.ls, spark.read), "
              "or dbfs:/ paths, which are the workbench's bucket")


def _info(entry, back):
    path = back(entry.path).rstrip("/")
    name = path.rsplit("/", 1)[-1]
    if entry.is_dir:
        return FileInfo(path + "/", name + "/", 0, entry.mtime)
    return FileInfo(path, name, entry.size, entry.mtime)


class FS(Utility):
    """Files on the workbench's bucket (dbfs:/..., /...), on S3 (s3a://, s3://) and on the driver's disk (file:/...)."""

    _path = "dbutils.fs"
    _instead = {name: _NO_MOUNTS for name in ("mount", "mounts", "unmount", "refreshMounts", "updateMount")}

    def __init__(self, files):
        # files() -> HadoopFiles: called per operation, so only a file call waits for the Spark session.
        self._files = files

    def _existing(self, path, call):
        uri, back = resolve(path, call)  # a path error comes before any wait for the session
        files = self._files()
        entry = files.status(uri)
        if entry is None:
            raise FileNotFoundError("%s: no such file or directory: %s" % (call, uri))
        return files, uri, back, entry

    def ls(self, dir):
        """Lists a directory (or one file) as FileInfo(path, name, size, modificationTime)."""
        files, uri, back, entry = self._existing(dir, "dbutils.fs.ls(%r)" % (dir,))
        entries = files.list(uri) if entry.is_dir else [entry]
        return sorted((_info(found, back) for found in entries), key=lambda info: info.path)

    def head(self, file, maxBytes=65536):
        """The first maxBytes bytes of a file, as UTF-8 text."""
        call = "dbutils.fs.head(%r)" % (file,)
        files, uri, _, entry = self._existing(file, call)
        if entry.is_dir:
            raise IsADirectoryError("%s: is a directory; dbutils.fs.ls(%r) lists it" % (call, file))
        data = files.read(uri, maxBytes + 1)
        if len(data) > maxBytes:
            print("[Truncated to first %d bytes]" % maxBytes)
        return data[:maxBytes].decode("utf-8", "replace")

    def cp(self, from_, to, recurse=False):
        """Copies a file, or a directory with recurse=True, possibly across file systems."""
        return self._copy("cp", from_, to, recurse, delete_source=False)

    def mv(self, from_, to, recurse=False):
        """Moves a file, or a directory with recurse=True, possibly across file systems."""
        return self._copy("mv", from_, to, recurse, delete_source=True)

    def _copy(self, name, source, target, recurse, delete_source):
        call = "dbutils.fs.%s(%r, %r)" % (name, source, target)
        target_uri, _ = resolve(target, call)
        files, source_uri, _, entry = self._existing(source, call)
        if entry.is_dir and not recurse:
            raise IsADirectoryError("%s: %s is a directory; pass recurse=True to %s it with everything in it"
                                    % (call, source, "move" if delete_source else "copy"))
        return bool(files.copy(source_uri, target_uri, delete_source))

    def rm(self, dir, recurse=False):
        """Removes a file, or a directory with recurse=True; False when nothing was there."""
        call = "dbutils.fs.rm(%r)" % (dir,)
        uri, _ = resolve(dir, call)
        files = self._files()
        entry = files.status(uri)
        if entry is None:
            return False
        if entry.is_dir and not recurse and files.list(uri):
            raise IsADirectoryError("%s: is a directory with files in it; pass recurse=True to remove them all" % call)
        return bool(files.delete(uri, recurse))

    def mkdirs(self, dir):
        """Creates a directory and its missing parents."""
        uri, _ = resolve(dir, "dbutils.fs.mkdirs(%r)" % (dir,))
        return bool(self._files().mkdirs(uri))

    def put(self, file, contents, overwrite=False):
        """Writes a string to a file (UTF-8); an existing file only with overwrite=True."""
        call = "dbutils.fs.put(%r, ...)" % (file,)
        uri, _ = resolve(file, call)
        files = self._files()
        if not overwrite and files.status(uri) is not None:
            raise FileExistsError("%s: %s exists; pass overwrite=True to replace it" % (call, file))
        data = contents.encode("utf-8")
        files.write(uri, data, overwrite)
        print("Wrote %d bytes." % len(data))
        return True
