"""Stand-ins for what the habits use of Spark: spark.sql and a DataFrame's columns/limit/collect, a
RuntimeConfig, and the small file interface dbutils.fs uses (cdktf_spark_notebook.dbutils.hadoop)."""
from cdktf_spark_notebook.dbutils.hadoop import Entry


class DataFrame:
    """Recognised by display() as a Spark DataFrame (its class's module is pyspark.sql's)."""

    def __init__(self, columns, rows, streaming=False):
        self.columns, self._rows, self.isStreaming = list(columns), list(rows), streaming
        self.limits = []

    def limit(self, n):
        self.limits.append(n)
        return DataFrame(self.columns, self._rows[:n])

    def collect(self):
        if self.isStreaming:
            raise AssertionError("a streaming DataFrame was run")
        return list(self._rows)


DataFrame.__module__ = "pyspark.sql.dataframe"


class FakeSpark:
    """spark.sql records each statement and its args; a SELECT returns one row naming the statement, anything
    else no columns (as a command does)."""

    def __init__(self):
        self.statements = []

    def sql(self, statement, args=None):
        self.statements.append((statement, args))
        if "fail" in statement:
            raise ValueError("[PARSE_SYNTAX_ERROR] at 'fail'")
        if statement.lstrip("-/* \n").upper().startswith(("SELECT", "WITH")) or "\nSELECT" in statement:
            return DataFrame(["statement"], [(statement,)])
        return DataFrame([], [])


class FakeConf:
    """RuntimeConfig: `modifiable` keys can be set; `values` are the session's current ones."""

    def __init__(self, modifiable, values):
        self.modifiable, self.values = set(modifiable), dict(values)

    def isModifiable(self, key):
        return key in self.modifiable

    def get(self, key, default=None):
        return self.values.get(key, default)

    def set(self, key, value):
        self.values[key] = value


class FakeFiles:
    """An in-memory FileSystem behind HadoopFiles' interface; URIs as Hadoop qualifies them (no trailing /)."""

    def __init__(self):
        self.files, self.dirs, self.clock = {}, set(), 1700000000000

    @staticmethod
    def _key(uri):
        return uri.rstrip("/")

    def _tick(self):
        self.clock += 1000
        return self.clock

    def _under(self, key):
        return [name for name in list(self.files) + list(self.dirs) if name.startswith(key + "/")]

    def status(self, uri):
        key = self._key(uri)
        if key in self.files:
            data, mtime = self.files[key]
            return Entry(key, False, len(data), mtime)
        if key in self.dirs or self._under(key):
            return Entry(key, True, 0, 0)
        return None

    def list(self, uri):
        key = self._key(uri)
        children = {key + "/" + name[len(key) + 1:].split("/", 1)[0] for name in self._under(key)}
        return [self.status(child) for child in sorted(children)]

    def read(self, uri, limit):
        return self.files[self._key(uri)][0][:limit]

    def write(self, uri, data, overwrite):
        assert overwrite or self._key(uri) not in self.files
        self.files[self._key(uri)] = (bytes(data), self._tick())

    def delete(self, uri, recursive):
        key = self._key(uri)
        found = self.status(uri) is not None
        for name in [key] + (self._under(key) if recursive else []):
            self.files.pop(name, None)
            self.dirs.discard(name)
        return found

    def mkdirs(self, uri):
        self.dirs.add(self._key(uri))
        return True

    def copy(self, source, target, delete_source):
        source, target = self._key(source), self._key(target)
        for name in [source] + self._under(source):
            moved = target + name[len(source):]
            if name in self.files:
                self.files[moved] = self.files[name]
            else:
                self.dirs.add(moved)
        if delete_source:
            self.delete(source, True)
        return True
