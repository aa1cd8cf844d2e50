"""What dbutils and each of its parts share: help(), and the error for any call this workbench
does not have (naming it and what to use instead)."""
import inspect

from ..errors import unsupported


def _summary(obj):
    return (inspect.getdoc(obj) or "").split("\n", 1)[0]


class Utility:
    """Base of dbutils and its parts."""

    _path = "dbutils"  # how a notebook reaches this object, for messages
    _instead = {}  # Databricks names this workbench lacks -> what to use instead

    def _names(self):
        return [name for name in dir(self) if not name.startswith("_")]

    def help(self, method=None):
        """Lists this utility's calls, or describes one: help("ls")."""
        if method is None:
            print(self._help_text())
        elif method in self._names():
            print("%s.%s%s\n%s" % (self._path, method, inspect.signature(getattr(self, method)), inspect.getdoc(getattr(self, method))))
        else:
            raise unsupported(self._path + "." + method, [self._path + "." + name for name in self._names()], self._instead.get(method))

    def _help_text(self):
        lines = ["%s: %s" % (self._path, _summary(self))]
        for name in self._names():
            attr = getattr(self, name)
            signature = "" if isinstance(attr, Utility) else str(inspect.signature(attr))
            lines.append("  %s%s: %s" % (name, signature, _summary(attr)))
        return "\n".join(lines)

    def __repr__(self):
        return self._help_text()

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        call = self._path + "." + name
        if name in self._instead:
            return Unavailable(call, self._instead[name])
        raise unsupported(call, [self._path + "." + known for known in self._names()])


class Unavailable:
    """A Databricks call or group this workbench lacks: using it in any way raises the error that
    says what to use instead (so dbutils.library.restartPython() names itself, not just dbutils.library)."""

    def __init__(self, call, instead):
        self._call, self._why = call, instead

    def __call__(self, *args, **kwargs):
        raise unsupported(self._call, (), self._why)

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        raise unsupported(self._call + "." + name, (), self._why)

    def __repr__(self):
        return "%s is not available in this workbench: %s" % (self._call, self._why)
