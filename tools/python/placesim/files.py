"""Reading placesim's HDF5 files (docs/results-format.md) into numpy, xarray and pandas."""
import h5py
import numpy as np


def _text(x):
    return x.decode("utf-8", "replace") if isinstance(x, bytes) else str(x)


def _array(ds):
    """A dataset's values, strings decoded."""
    v = ds[()]
    if ds.dtype.kind in ("S", "O"):
        v = np.vectorize(_text, otypes=[object])(v) if np.ndim(v) else _text(v)
    return v


def _dims(ds, name):
    """Each dimension's label (from its dimension scale) and its coordinate
    values, or a name of its own when the dataset has none."""
    out = []
    for i, dim in enumerate(ds.dims):
        label = dim.label
        coord = None
        if label:
            scales = list(dim.values())
            if scales and scales[0].name != ds.name and len(scales[0]) == ds.shape[i]:
                coord = _array(scales[0])
                if label == "replication":  # stored as numbers, counted as whole ones
                    coord = coord.astype(int)
        out.append((label or "%s_dim%d" % (name, i), coord))
    return out


def _variable(ds, name):
    """(dims, values, coords) of one dataset."""
    import xarray as xr
    dims = _dims(ds, name)
    var = xr.Variable([d for d, _ in dims], _array(ds), attrs={k: _attr(v) for k, v in ds.attrs.items()
                                                               if k not in ("DIMENSION_LIST", "REFERENCE_LIST")})
    return var, {d: c for d, c in dims if c is not None}


def _attr(v):
    if isinstance(v, bytes):
        return _text(v)
    if isinstance(v, np.ndarray) and v.dtype.kind in ("S", "O"):
        return [_text(x) for x in v]
    return v


def check_format(f, path, filetypes=None):
    """The file's root filetype, once it is one of `filetypes` (default: any
    placesim file) in the format version this placesim reads: a file of
    another version would be read wrong, not refused, so it is refused."""
    from . import _placesim
    kind = _text(f.attrs.get("filetype", b""))
    wanted = _placesim.format_versions
    if kind not in wanted or (filetypes and kind not in filetypes):
        what = " or ".join(filetypes) + " file" if filetypes else "placesim file"
        raise ValueError("%s is not a %s (its root attribute filetype is %r)" % (path, what, kind))
    found = f.attrs.get("format_version")
    oldest, newest = wanted[kind]
    if found is None or not oldest <= int(found) <= newest:
        by = f.attrs.get("placesim_version")
        reads = "version %d" % newest if oldest == newest else "versions %d to %d" % (oldest, newest)
        raise ValueError("%s uses format version %s%s; this placesim reads %s: read it "
                         "with the placesim that wrote it, or run it again" % (
                             path, "(none)" if found is None else int(found),
                             ", written by placesim " + _text(by) if by is not None else "",
                             reads))
    return kind


def read_dataset(f, group, skip=()):
    """Every dataset under `group` of an open file as one xarray Dataset, named
    by its path below the group with '.' between parts; dimensions named by
    their dimension scales, with the scales' labels as coordinates."""
    import xarray as xr
    root = f[group]
    data, coords = {}, {}

    def visit(path, obj):
        if not isinstance(obj, h5py.Dataset) or any(path == s or path.startswith(s + "/") for s in skip):
            return
        name = path.replace("/", ".")
        var, c = _variable(obj, name)
        data[name] = var
        coords.update(c)

    root.visititems(visit)
    ds = xr.Dataset(data, coords=coords)
    ds.attrs.update({k: _attr(v) for k, v in root.attrs.items()})
    return ds


class Results:
    """A placesim results file, read into memory: `npv` and `npv_adjusted`
    (numpy, one per replication; None when the scenario has no option), the
    labels of each dimension, and every array through to_xarray()."""

    def __init__(self, path):
        with h5py.File(path, "r") as f:
            check_format(f, path, ("placesim-results",))
            self.attrs = {k: _attr(v) for k, v in f.attrs.items()}
            self.scenario_name = self.attrs.get("scenario_name")
            self.seed = int(self.attrs["seed"])
            self.replications = int(self.attrs["replications"])
            self.dims = {k: list(_array(f["dims"][k])) for k in f["dims"]}
            self.regimes = list(self.dims["regimes"])
            self.agencies = list(self.dims["agencies"])
            self.years = list(self.dims["years"])
            self.appraisal = {k: np.asarray(v[()]) for k, v in f["appraisal"].items()
                              if isinstance(v, h5py.Dataset)} if "appraisal" in f else {}
            # Which option npv is of, against which baseline (None without an option).
            a = f["appraisal"].attrs if "appraisal" in f else {}
            self.option = _text(a["option"]) if "option" in a else None
            self.baseline = _text(a["baseline"]) if "baseline" in a else None
            self.warnings = []  # what the run warned about, when placesim.run made it
            self.npv = self.appraisal.get("npv")
            self.npv_adjusted = self.appraisal.get("npv_optimism_adjusted")
            self._dataset = self._read(f)

    def _read(self, f):
        import xarray as xr
        # Each regime's arrays stacked along a leading "regime" dimension.
        first = f["runs"][self.regimes[0]]
        data, coords = {}, {"regime": self.regimes}
        for name, ds in first.items():
            if not isinstance(ds, h5py.Dataset):
                continue
            var, c = _variable(ds, name)
            values = np.stack([f["runs"][g][name][()] for g in self.regimes])
            data[name] = xr.Variable(("regime",) + var.dims, values)
            coords.update(c)
        metrics = sorted(first["metrics"]) if "metrics" in first else []
        if metrics:
            values = np.stack([np.stack([f["runs"][g]["metrics"][m][()] for m in metrics], axis=-1)
                               for g in self.regimes])
            data["metrics"] = xr.Variable(("regime", "replication", "metric"), values)
            coords["metric"] = metrics
        ds = xr.Dataset(data, coords=coords)
        for group in ("appraisal", "decomposition", "evaluation", "parameters"):
            if group in f:
                part = read_dataset(f, group)
                ds = ds.merge(part.rename({v: group + "." + v for v in part.data_vars}))
        ds.attrs.update(self.attrs)
        return ds

    def to_xarray(self):
        """Every array as an xarray Dataset: the regimes' arrays (spend,
        events, families, ...) with a leading regime dimension, `metrics`
        [regime, replication, metric], and `appraisal.NAME`,
        `appraisal.options.OPTION.NAME`, `decomposition.NAME` (with --decompose),
        `evaluation.NAME`, `parameters.drawn`. A copy: changing it leaves these
        results as they are."""
        return self._dataset.copy(deep=True)

    def to_pandas(self, name):
        """One array as a tidy pandas DataFrame, a column per dimension and one
        of values: a name of to_xarray() ("spend", "appraisal.npv_by_agency"),
        or an appraisal array by its own name ("npv")."""
        ds = self._dataset
        if name not in ds and "appraisal." + name in ds:
            name = "appraisal." + name
        if name not in ds:
            raise KeyError("%s: not in these results; they hold %s" % (name, ", ".join(sorted(ds.data_vars))))
        if not ds[name].dims:  # one number (evpi): a table of one row
            import pandas
            return pandas.DataFrame({name.split(".")[-1]: [ds[name].item()]})
        return ds[name].to_dataframe(name=name.split(".")[-1]).reset_index()

    def __repr__(self):
        return "<placesim.Results %r: %d replications, regimes %s>" % (
            self.scenario_name, self.replications, ", ".join(self.regimes))


def load(path):
    """Reads a placesim results file (placesim run -o FILE.h5); for sweeps,
    posteriors and switching values, load_dataset."""
    return Results(path)


def load_dataset(path):
    """Any placesim HDF5 file (results, sweep, posterior, switch) as one xarray
    Dataset: every dataset named by its path with '.' between parts, the root
    attributes as attrs, and a posterior's parameter and target names as
    coordinates."""
    with h5py.File(path, "r") as f:
        check_format(f, path)
        ds = read_dataset(f, "/", skip=("dims",))
        ds.attrs.update({k: _attr(v) for k, v in f.attrs.items()})
    if "posterior.names" in ds and "parameter" in ds.dims:
        ds = ds.assign_coords(parameter=list(ds["posterior.names"].values))
    if "posterior.targets" in ds and "target" in ds.dims:
        ds = ds.assign_coords(target=list(ds["posterior.targets"].values))
    return ds
