"""dbutils.fs: where each path form lands, Databricks' FileInfo, and the calls over a stand-in FileSystem."""
import pytest

from fakes import FakeFiles
from cdktf_spark_notebook.dbutils.fs import FS, FileInfo
from cdktf_spark_notebook.dbutils.paths import PathNotSupported, resolve

ROOT = "s3a://team-data/dbfs"


@pytest.fixture
def bucket(monkeypatch):
    monkeypatch.setenv("CDKTF_SPARK_DBFS_ROOT", ROOT + "/")


@pytest.fixture
def files(bucket):
    return FakeFiles()


@pytest.fixture
def fs(files):
    return FS(lambda: files)


@pytest.mark.parametrize("path, uri, found, shown", [
    ("dbfs:/raw/a.csv", ROOT + "/raw/a.csv", ROOT + "/raw/a.csv", "dbfs:/raw/a.csv"),
    ("dbfs:/", ROOT + "/", ROOT + "/raw", "dbfs:/raw"),
    ("/raw", ROOT + "/raw", ROOT + "/raw/b", "dbfs:/raw/b"),
    ("raw", ROOT + "/raw", ROOT + "/raw/b", "dbfs:/raw/b"),
    ("s3://other/k", "s3a://other/k", "s3a://other/k/x", "s3://other/k/x"),
    ("s3a://other/k", "s3a://other/k", "s3a://other/k/x", "s3a://other/k/x"),
    ("file:/tmp/x", "file:/tmp/x", "file:/tmp/x/y", "file:/tmp/x/y"),
])
def test_paths_land_where_databricks_code_expects_and_come_back_in_the_callers_form(bucket, path, uri, found, shown):
    resolved, back = resolve(path, "dbutils.fs.ls(...)")
    assert resolved == uri
    assert back(found) == shown


def test_the_dbfs_fuse_mount_is_refused_naming_the_path_to_use(bucket):
    with pytest.raises(PathNotSupported, match=r"dbutils.fs.ls\('/dbfs/raw'\): /dbfs/raw is on Databricks' /dbfs FUSE mount.*use dbfs:/raw"):
        resolve("/dbfs/raw", "dbutils.fs.ls('/dbfs/raw')")


def test_without_a_bucket_dbfs_paths_say_what_to_use(monkeypatch):
    monkeypatch.delenv("CDKTF_SPARK_DBFS_ROOT", raising=False)
    with pytest.raises(PathNotSupported, match="this workbench has no bucket .*CDKTF_SPARK_DBFS_ROOT is unset.*file:/.*s3a://"):
        FS(lambda: pytest.fail("the session was asked for")).ls("dbfs:/")
    assert resolve("s3a://b/k", "call")[0] == "s3a://b/k"


def test_ls_returns_databricks_fileinfo(fs, files):
    assert fs.mkdirs("dbfs:/raw/2024") is True
    assert fs.put("/raw/a.csv", "id\n1\n") is True
    listing = fs.ls("dbfs:/raw")
    assert listing == [FileInfo("dbfs:/raw/2024/", "2024/", 0, 0), FileInfo("dbfs:/raw/a.csv", "a.csv", 5, files.clock)]
    assert listing[1]._fields == ("path", "name", "size", "modificationTime")
    assert fs.ls("/raw/a.csv") == [listing[1]]
    with pytest.raises(FileNotFoundError, match=r"dbutils.fs.ls\('/nothing'\): no such file or directory: s3a://team-data/dbfs/nothing"):
        fs.ls("/nothing")


def test_put_head_cp_mv_rm(fs, files, capsys):
    fs.put("dbfs:/a.txt", "hello world")
    with pytest.raises(FileExistsError, match="pass overwrite=True"):
        fs.put("dbfs:/a.txt", "again")
    assert fs.head("dbfs:/a.txt") == "hello world"
    assert fs.head("dbfs:/a.txt", 5) == "hello"
    assert capsys.readouterr().out == "Wrote 11 bytes.\n[Truncated to first 5 bytes]\n"
    assert fs.cp("dbfs:/a.txt", "s3://other/b.txt") is True
    assert files.status("s3a://other/b.txt").size == 11
    fs.mkdirs("dbfs:/dir")
    fs.put("dbfs:/dir/c.txt", "c")
    with pytest.raises(IsADirectoryError, match="pass recurse=True to copy it"):
        fs.cp("dbfs:/dir", "dbfs:/dir2")
    assert fs.mv("dbfs:/dir", "dbfs:/dir2", recurse=True) is True
    assert [info.path for info in fs.ls("dbfs:/dir2")] == ["dbfs:/dir2/c.txt"]
    assert files.status(ROOT + "/dir") is None
    with pytest.raises(IsADirectoryError, match="is a directory with files in it; pass recurse=True"):
        fs.rm("dbfs:/dir2")
    assert fs.rm("dbfs:/dir2", recurse=True) is True
    assert fs.rm("dbfs:/dir2") is False
    with pytest.raises(IsADirectoryError, match=r"dbutils.fs.ls\('/'\) lists it"):
        fs.head("/")
