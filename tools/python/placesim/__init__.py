"""placesim from Python: run scenarios, read results, find switching values.

    import placesim
    r = placesim.run("scenarios/essex.yaml", replications=40, seed=7)
    r.npv                      # numpy: NPV of the main option, one per replication
    r.to_xarray()              # every array, with named dimensions and labels
    r.to_pandas("npv_by_agency")

Each function runs the placesim command of the same name in this process
(placesim._placesim) and reads the file it writes, so the numbers are the
command line's to the last bit and the errors are its errors. See
docs/python.md.
"""
import collections.abc
import json
import numbers
import os
import tempfile
import threading
import warnings

from . import _placesim
from .files import Results, load, load_dataset, read_dataset

__all__ = ["run", "load", "load_dataset", "validate", "switch", "sweep", "calibrate", "Results",
           "PlacesimError", "ScenarioError", "PlacesimWarning", "__version__"]
__version__ = _placesim.version


class PlacesimError(RuntimeError):
    """A placesim command failed; `status` is its exit status, `stderr` what it said."""

    def __init__(self, message, status, stderr):
        super().__init__(message)
        self.status = status
        self.stderr = stderr


class ScenarioError(PlacesimError, ValueError):
    """Bad input (exit status 2): `errors` holds each problem, as file:line:column: key: message."""

    def __init__(self, message, status, stderr):
        super().__init__(message, status, stderr)
        self.errors = [line[len("placesim: error: "):] for line in stderr.splitlines()
                       if line.startswith("placesim: error: ")]


class PlacesimWarning(UserWarning):
    """What a placesim command warned about (its "placesim: warning:" lines)."""


# Variables by which placesim knows it was started by mpirun or srun: inside
# Python it runs on one process, and MPI may be initialised only once a process.
_MPI_VARIABLES = ("OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE")
_environment = threading.Lock()
WARNING = "placesim: warning: "
ERROR = "placesim: error: "


def _command(args, rename=None):
    """Runs one placesim command; warns with its warnings; raises on a non-zero
    exit status. `rename` maps text in messages (a temporary path) to what the
    caller knows it by."""
    with _environment:
        hidden = {k: os.environ.pop(k) for k in _MPI_VARIABLES if k in os.environ}
        try:
            status, out, err = _placesim.command([str(a) for a in args])
        finally:
            os.environ.update(hidden)
    for old, new in (rename or {}).items():
        err = err.replace(old, new)
    warned = [line[len(WARNING):] for line in err.splitlines() if line.startswith(WARNING)]
    for w in warned:
        warnings.warn(w, PlacesimWarning, stacklevel=3)
    if status != 0:
        lines = [line for line in err.splitlines() if line.strip() and not line.startswith(WARNING)]
        message = "\n".join(lines) or "placesim %s failed with exit status %d" % (args[0], status)
        raise (ScenarioError if status == 2 else PlacesimError)(message, status, err)
    return out, warned


def _whole(name, v, low=0):
    """A count or a seed: a whole number, not a bool, at least `low`."""
    if isinstance(v, bool) or not isinstance(v, numbers.Real) or int(v) != v:
        raise TypeError("%s: give a whole number, not %r" % (name, v))
    if v < low:
        raise ValueError("%s: give %d or more, not %r" % (name, low, v))
    return int(v)


def _plain(v, path="scenario"):
    """A scenario value as plain YAML types (numpy scalars and arrays, tuples and
    other mappings converted), or a TypeError naming its key path."""
    if isinstance(v, collections.abc.Mapping):
        return {str(k): _plain(x, "%s.%s" % (path, k)) for k, x in v.items()}
    if hasattr(v, "tolist") and not isinstance(v, (str, bytes)):  # numpy scalar or array
        return _plain(v.tolist(), path)
    if isinstance(v, (list, tuple)):
        return [_plain(x, "%s.%d" % (path, i)) for i, x in enumerate(v)]
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    if isinstance(v, numbers.Integral):
        return int(v)
    if isinstance(v, numbers.Real):
        return float(v)
    raise TypeError("%s: a scenario holds numbers, text, lists and mappings, not %s" % (path, type(v).__name__))


def _value(v, key):
    """A --set value as the scenario language reads it: text quoted, so that
    "Essex: #2" stays text, and lists and mappings in flow style (JSON is YAML)."""
    plain = _plain(v, key)
    if isinstance(plain, float) and plain != plain:
        return ".nan"  # refused by the loader with its own message
    if isinstance(plain, float) and abs(plain) == float("inf"):
        return ".inf" if plain > 0 else "-.inf"
    try:
        return json.dumps(plain, ensure_ascii=False, allow_nan=False)
    except ValueError:
        raise ValueError("set: %s holds a number that is not finite" % key) from None


def _sets(overrides):
    """--set arguments from {key path: value} (or "PATH=VALUE" strings, as on the command line)."""
    if overrides is None:
        return []
    if isinstance(overrides, str):
        overrides = [overrides]
    args = []
    if isinstance(overrides, collections.abc.Mapping):
        for key, v in overrides.items():
            args += ["--set", "%s=%s" % (key, _value(v, key))]
    elif isinstance(overrides, (list, tuple)) and all(isinstance(s, str) for s in overrides):
        for s in overrides:
            args += ["--set", s]
    else:
        raise TypeError("set: give {key path: value}, not %s" % type(overrides).__name__)
    return args


DICT_NAME = "<scenario dict>"


class _Scenario:
    """A scenario argument as a path on disk: a path, None (the default) or a
    mapping (written to a temporary file; messages call it DICT_NAME)."""

    def __init__(self, scenario, folder):
        self.path = None
        self.rename = {}
        if scenario is None:
            return
        if isinstance(scenario, collections.abc.Mapping):
            import yaml  # only for scenarios given as mappings
            plain = _plain(scenario)
            if isinstance(plain.get("extends"), str):  # relative to where Python runs, not the temporary
                plain["extends"] = os.path.abspath(os.path.expanduser(plain["extends"]))
            self.path = os.path.join(folder, "scenario.yaml")
            with open(self.path, "w", encoding="utf-8") as f:
                yaml.safe_dump(plain, f, sort_keys=False, allow_unicode=True)
            self.rename = {self.path: DICT_NAME}
        elif isinstance(scenario, (str, os.PathLike)):
            self.path = os.path.expanduser(os.fspath(scenario))
            if self.path.startswith("-"):  # a file, never an option
                self.path = os.path.join(".", self.path)
        else:
            raise TypeError("scenario: give None (the default), a path or a dict, not %s" % type(scenario).__name__)

    def args(self):
        return [self.path] if self.path else []


def _common(replications, seed, threads):
    args = []
    if replications is not None:
        args += ["-r", _whole("replications", replications, 1)]
    if seed is not None:
        args += ["--seed", _whole("seed", seed)]
    return args + ["-t", _whole("threads", threads)]


def run(scenario=None, replications=None, seed=None, set=None, threads=0, decompose=False, posterior=None):
    """Runs a scenario (None: the embedded default; a path; or a dict in the
    scenario language) and returns its Results. `set` is {key path: value},
    as --set; `posterior` a placesim calibrate output to draw parameters from."""
    with tempfile.TemporaryDirectory(prefix="placesim-") as d:
        s = _Scenario(scenario, d)
        out = os.path.join(d, "results.h5")
        args = ["run"] + s.args() + _common(replications, seed, threads) + _sets(set) + ["-q", "-o", out]
        if decompose:
            args.append("--decompose")
        if posterior is not None:
            args += ["--posterior", os.fspath(posterior)]
        _, warned = _command(args, s.rename)
        r = load(out)
        r.warnings = warned
        if s.rename:
            r.attrs["scenario_source"] = DICT_NAME
        return r


def validate(scenario, set=None):
    """Checks a scenario (a path or a dict); raises ScenarioError listing every
    problem with its file:line:column, or returns the warnings (a list, also
    given as PlacesimWarning)."""
    if scenario is None:
        raise TypeError("validate: give a scenario, a path or a dict (the embedded default is always valid)")
    with tempfile.TemporaryDirectory(prefix="placesim-") as d:
        s = _Scenario(scenario, d)
        return _command(["validate"] + s.args() + _sets(set), s.rename)[1]


def switch(scenario=None, param=None, target="npv", range=None, replications=None, seed=None, set=None,
           threads=0, whole=False):
    """The value of `param` at which the target (npv, npv_adjusted or claim:N)
    crosses zero, by bisection on paired runs. Returns a dict: value (None when
    the mean does not cross zero in the range), interval (low, high; None at
    one replication; a side that lies beyond the range is None), found, and
    points (an xarray Dataset of every value tried)."""
    if not param:
        raise TypeError("switch: give param, the key path of the input to vary")
    with tempfile.TemporaryDirectory(prefix="placesim-") as d:
        s = _Scenario(scenario, d)
        out = os.path.join(d, "switch.h5")
        args = ["switch"] + s.args() + ["--param", param, "--target", target]
        if range is not None:
            if isinstance(range, (str, bytes)) or not hasattr(range, "__len__") or len(range) != 2:
                raise TypeError("range: give (low, high), not %r" % (range,))
            args += ["--range", "%r,%r" % (float(range[0]), float(range[1]))]
        args += _common(replications, seed, threads) + _sets(set) + ["-q", "-o", out]
        if whole:
            args.append("--whole")
        _, warned = _command(args, s.rename)
        import h5py
        with h5py.File(out, "r") as f:
            g = f["switch"]
            interval = None
            if "interval" in g:
                low, high = (float(x) for x in g["interval"][:])
                interval = (None if g.attrs.get("interval_low_open", 0) else low,
                            None if g.attrs.get("interval_high_open", 0) else high)
            return {
                "param": param,
                "target": target,
                "found": bool(g.attrs["found"]),
                "value": float(g["value"][()]) if "value" in g else None,
                "interval": interval,
                "points": read_dataset(f, "switch/points"),
                "warnings": warned,
            }


def sweep(spec, threads=0):
    """Runs a sweep file (docs/sweeps.md) and returns its output as an xarray Dataset."""
    with tempfile.TemporaryDirectory(prefix="placesim-") as d:
        out = os.path.join(d, "sweep.h5")
        _command(["sweep", os.fspath(spec), "-t", _whole("threads", threads), "-q", "-o", out])
        return load_dataset(out)


def calibrate(calibration, simulations=None, seed=None, threads=0):
    """Fits a calibration file (docs/calibration.md) and returns the posterior
    as an xarray Dataset: parameters [draw, parameter], weights [draw], metrics
    [draw, target], with the file's attributes (converged: whether the search
    met its tolerance before its simulation budget)."""
    with tempfile.TemporaryDirectory(prefix="placesim-") as d:
        out = os.path.join(d, "posterior.h5")
        args = ["calibrate", os.fspath(calibration), "-t", _whole("threads", threads), "-q", "-o", out]
        if simulations is not None:
            args += ["-n", _whole("simulations", simulations, 1)]
        if seed is not None:
            args += ["--seed", _whole("seed", seed)]
        _command(args)
        return load_dataset(out)
