#!/bin/sh
# python-env.sh: the one Python environment of a stack's image, so the notebook, the
# Connect server and every executor import the same packages. $PYTHON_LOCK (a lock of
# python/, see scripts/python-locks.sh) is installed with every file's sha256 checked and
# nothing else pulled in; $PYTHON_PACKAGES (the user's pins) go on top without moving any
# locked version. The environment is then frozen into constraints.txt, which images built
# on this one (JupyterLab) install within.
set -eu
here=/usr/local/lib/cdktf-spark
export PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_BREAK_SYSTEM_PACKAGES=1 PIP_ROOT_USER_ACTION=ignore
pip() { python3 -m pip "$@"; }
if [ -n "${PYTHON_LOCK:-}" ]; then
  pip install --quiet --require-hashes --no-deps --only-binary=:all: -r "$here/python/$PYTHON_LOCK"
fi
if [ -n "${TABLE_FORMAT_PACKAGES:-}" ]; then
  # Their pyspark pin would pull a second Spark from PyPI: the image's own is /opt/spark/python.
  printf '%s\n' "$TABLE_FORMAT_PACKAGES" >"$here/table-formats.txt"
  pip install --quiet --require-hashes --no-deps --only-binary=:all: -r "$here/table-formats.txt"
  rm "$here/table-formats.txt"
fi
if [ -n "${DATABRICKS_RUNTIME:-}" ]; then
  printf '%s\n' "$DATABRICKS_RUNTIME" >"$here/runtime.json"
fi
if [ -n "${PYTHON_PACKAGES:-}" ]; then
  pip freeze >"$here/locked.txt"
  # shellcheck disable=SC2086 # one word per requirement
  pip install --quiet -c "$here/locked.txt" $PYTHON_PACKAGES
  rm "$here/locked.txt"
fi
# Their test suites are never run here (about 60 MB, and as much again with the scipy stack).
python3 - <<'PY2'
import importlib.util, os, shutil
for name in ("pandas", "numpy", "pyarrow", "matplotlib", "scipy", "sklearn", "statsmodels", "seaborn"):
    spec = importlib.util.find_spec(name)
    for root, dirs, _ in os.walk(os.path.dirname(spec.origin)) if spec else ():
        if "tests" in dirs:
            dirs.remove("tests")
            shutil.rmtree(os.path.join(root, "tests"))
PY2
# delta-spark's requirements are the image's own Spark (not a PyPI pyspark) and importlib_metadata, which only its
# configure_spark_with_delta_pip (jars from Maven at session start; here they are in the image) imports.
problems=$(pip check 2>&1 | grep -v -e '^delta-spark ' -e '^No broken requirements' || true)
if [ -n "$problems" ]; then echo "$problems" >&2; exit 1; fi
pip freeze >"$here/constraints.txt"
echo "python environment: $(wc -l <"$here/constraints.txt") packages"
