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
import numbers
import os
import tempfile

from . import _placesim
from .files import Results, load, read_dataset

__all__ = ["run", "load", "validate", "switch", "sweep", "calibrate", "Results", "PlacesimError",
           "ScenarioError", "__version__"]
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


def _command(args):
    """Runs one placesim command; raises on a non-zero exit status."""
    status, out, err = _placesim.command([str(a) for a in args])
    if status != 0:
        lines = [line for line in err.splitlines() if line.strip()]
        message = "\n".join(lines) or "placesim %s failed with exit status %d" % (args[0], status)
        raise (ScenarioError if status == 2 else PlacesimError)(message, status, err)
    return out, err


def _value(v):
    """A --set value as the scenario language writes it."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, numbers.Real):
        return repr(float(v)) if not isinstance(v, numbers.Integral) else str(int(v))
    return str(v)


def _sets(overrides):
    args = []
    for key, v in (overrides or {}).items():
        args += ["--set", "%s=%s" % (key, _value(v))]
    return args


class _Scenario:
    """A scenario argument as a path on disk: a path, None (the default) or a dict."""

    def __init__(self, scenario, folder):
        self.path = None
        if scenario is None:
            return
        if isinstance(scenario, dict):
            import yaml  # only for scenarios given as dicts
            self.path = os.path.join(folder, "scenario.yaml")
            with open(self.path, "w", encoding="utf-8") as f:
                yaml.safe_dump(scenario, f, sort_keys=False, allow_unicode=True)
        elif isinstance(scenario, (str, os.PathLike)):
            self.path = os.fspath(scenario)
        else:
            raise TypeError("scenario: give None (the default), a path or a dict, not %s" % type(scenario).__name__)

    def args(self):
        return [self.path] if self.path else []


def _common(replications, seed, threads):
    args = []
    if replications is not None:
        args += ["-r", int(replications)]
    if seed is not None:
        args += ["--seed", int(seed)]
    return args + ["-t", int(threads)]


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
        _command(args)
        return load(out)


def validate(scenario=None, set=None):
    """Checks a scenario (a path or a dict); raises ScenarioError listing every
    problem with its file:line:column, or returns None."""
    with tempfile.TemporaryDirectory(prefix="placesim-") as d:
        _command(["validate"] + _Scenario(scenario, d).args() + _sets(set))


def switch(scenario=None, param=None, target="npv", range=None, replications=None, seed=None, set=None,
           threads=0, whole=False):
    """The value of `param` at which the target (npv, npv_adjusted or claim:N)
    crosses zero, by bisection on paired runs. Returns a dict: value (None when
    the mean does not cross zero in the range), interval (low, high; None at
    one replication), found, and points (an xarray Dataset of every value tried)."""
    if not param:
        raise TypeError("switch: give param, the key path of the input to vary")
    with tempfile.TemporaryDirectory(prefix="placesim-") as d:
        out = os.path.join(d, "switch.h5")
        args = ["switch"] + _Scenario(scenario, d).args() + ["--param", param, "--target", target]
        if range is not None:
            args += ["--range", "%r,%r" % (float(range[0]), float(range[1]))]
        args += _common(replications, seed, threads) + _sets(set) + ["-q", "-o", out]
        if whole:
            args.append("--whole")
        _command(args)
        import h5py
        with h5py.File(out, "r") as f:
            g = f["switch"]
            found = bool(g.attrs["found"])
            return {
                "param": param,
                "target": target,
                "found": found,
                "value": float(g["value"][()]) if "value" in g else None,
                "interval": tuple(float(x) for x in g["interval"][:]) if "interval" in g else None,
                "points": read_dataset(f, "switch/points"),
            }


def sweep(spec, threads=0):
    """Runs a sweep file (docs/sweeps.md) and returns its output as an xarray Dataset."""
    with tempfile.TemporaryDirectory(prefix="placesim-") as d:
        out = os.path.join(d, "sweep.h5")
        _command(["sweep", os.fspath(spec), "-t", int(threads), "-q", "-o", out])
        import h5py
        with h5py.File(out, "r") as f:
            return read_dataset(f, "/")


def calibrate(calibration, simulations=None, seed=None, threads=0):
    """Fits a calibration file (docs/calibration.md) and returns the posterior
    as an xarray Dataset (parameters, weights, metrics by draw)."""
    with tempfile.TemporaryDirectory(prefix="placesim-") as d:
        out = os.path.join(d, "posterior.h5")
        args = ["calibrate", os.fspath(calibration), "-t", int(threads), "-q", "-o", out]
        if simulations is not None:
            args += ["-n", int(simulations)]
        if seed is not None:
            args += ["--seed", int(seed)]
        _command(args)
        import h5py
        with h5py.File(out, "r") as f:
            return read_dataset(f, "posterior")
