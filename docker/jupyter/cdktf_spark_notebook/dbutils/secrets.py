"""dbutils.secrets: Databricks' secret scopes, read from JupyterLab's environment.

dbutils.secrets.get("my-scope", "db-password") reads CDKTF_SPARK_SECRET_MY_SCOPE__DB_PASSWORD: scope and
key upper-cased, every character but letters and digits as "_", joined by "__". Never a file on the image:
the values come from the container's environment, set by whoever deploys the workbench.
"""
import os
import re
from collections import namedtuple

from .base import Utility

PREFIX = "CDKTF_SPARK_SECRET_"

SecretMetadata = namedtuple("SecretMetadata", "key")
SecretScope = namedtuple("SecretScope", "name")


def _part(name):
    return re.sub(r"[^A-Za-z0-9]", "_", name).upper()


def variable(scope, key):
    """The environment variable holding a secret."""
    return "%s%s__%s" % (PREFIX, _part(scope), _part(key))


class SecretNotFound(ValueError):
    """No environment variable holds the secret asked for; the message names the variable to set."""


class Secrets(Utility):
    """Secrets from JupyterLab's environment: CDKTF_SPARK_SECRET_<SCOPE>__<KEY>."""

    _path = "dbutils.secrets"

    def __init__(self, environ=os.environ):
        self._environ = environ

    def get(self, scope, key):
        """The secret's value, as a string."""
        name = variable(scope, key)
        if name not in self._environ:
            raise SecretNotFound("dbutils.secrets.get(%r, %r): no such secret; add it to the workbench with "
                                 "jupyter.addSecret(%r, %r, value), which sets %s in JupyterLab's environment"
                                 % (scope, key, scope, key, name))
        return self._environ[name]

    def getBytes(self, scope, key):
        """The secret's value, as UTF-8 bytes."""
        return self.get(scope, key).encode("utf-8")

    def list(self, scope):
        """The scope's secrets, as SecretMetadata(key); keys lower-cased, as the variables' names keep no case."""
        prefix = "%s%s__" % (PREFIX, _part(scope))
        return [SecretMetadata(name[len(prefix):].lower()) for name in sorted(self._environ) if name.startswith(prefix)]

    def listScopes(self):
        """The scopes with at least one secret, as SecretScope(name), lower-cased."""
        scopes = {name[len(PREFIX):].split("__", 1)[0].lower() for name in self._environ
                  if name.startswith(PREFIX) and "__" in name[len(PREFIX):]}
        return [SecretScope(scope) for scope in sorted(scopes)]
