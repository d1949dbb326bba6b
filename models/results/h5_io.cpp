#include "models/results/h5_io.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <sstream>

#include "models/results/atomic_file.h"

namespace placesim::models::h5 {
namespace {

// HDF5 prints its own error stack unless told not to; we report our own.
struct Quiet {
  Quiet() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }
};
const Quiet quiet_once;

hid_t check(hid_t id, const std::string& what) {
  if (id < 0) throw Error("HDF5: cannot " + what);
  return id;
}

// No creation times in object headers: the same results give the same bytes.
Handle untimed(hid_t cls) {
  Handle p(check(H5Pcreate(cls), "make a property list"), H5Pclose);
  H5Pset_obj_track_times(p.id(), 0);
  return p;
}

Handle string_type() {
  hid_t t = check(H5Tcopy(H5T_C_S1), "make a string type");
  H5Tset_size(t, H5T_VARIABLE);
  H5Tset_cset(t, H5T_CSET_UTF8);
  return Handle(t, H5Tclose);
}

}  // namespace

Handle& Handle::operator=(Handle&& o) noexcept {
  if (this != &o) {
    if (id_ >= 0 && close_) close_(id_);
    id_ = o.id_;
    close_ = o.close_;
    o.id_ = -1;
  }
  return *this;
}

Handle::~Handle() {
  if (id_ >= 0 && close_) close_(id_);
}

Handle create_file(const std::string& path) {
  return Handle(check(H5Fcreate(path.c_str(), H5F_ACC_EXCL, H5P_DEFAULT, H5P_DEFAULT), "create " + path), H5Fclose);
}

Handle open_file(const std::string& path) {
  return Handle(check(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "open " + path + " as an HDF5 file"),
                H5Fclose);
}

Handle create_group(hid_t parent, const std::string& path) {
  Handle lcpl(H5Pcreate(H5P_LINK_CREATE), H5Pclose);
  H5Pset_create_intermediate_group(lcpl.id(), 1);
  Handle gcpl = untimed(H5P_GROUP_CREATE);
  return Handle(check(H5Gcreate2(parent, path.c_str(), lcpl.id(), gcpl.id(), H5P_DEFAULT), "create group " + path),
                H5Gclose);
}

bool exists(hid_t file, const std::string& path) {
  // Check each link on the way down: H5Lexists needs the parents to exist.
  std::string partial;
  std::stringstream ss(path);
  for (std::string part; std::getline(ss, part, '/');) {
    if (part.empty()) continue;
    partial += "/" + part;
    if (H5Lexists(file, partial.c_str(), H5P_DEFAULT) <= 0) return false;
  }
  return true;
}

void write_doubles(hid_t parent, const std::string& name, const std::vector<hsize_t>& shape,
                   const std::vector<double>& data, const std::vector<std::string>& dims,
                   const std::string& units, const std::string& description) {
  hsize_t n = 1;
  for (hsize_t d : shape) n *= d;
  if (n != data.size()) throw Error("HDF5: " + name + " has " + std::to_string(data.size()) + " values for its shape");
  Handle space(check(H5Screate_simple(static_cast<int>(shape.size()), shape.data(), nullptr), "make a dataspace"),
               H5Sclose);
  Handle dcpl = untimed(H5P_DATASET_CREATE);
  Handle set(check(H5Dcreate2(parent, name.c_str(), H5T_IEEE_F64LE, space.id(), H5P_DEFAULT, dcpl.id(), H5P_DEFAULT),
                   "create dataset " + name),
             H5Dclose);
  if (!data.empty() && H5Dwrite(set.id(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()) < 0)
    throw Error("HDF5: cannot write " + name);
  std::string joined;
  for (const auto& d : dims) joined += (joined.empty() ? "" : ",") + d;
  set_attr(set.id(), "dims", joined);
  set_attr(set.id(), "units", units);
  set_attr(set.id(), "description", description);
}

void write_strings(hid_t parent, const std::string& name, const std::vector<std::string>& values,
                   const std::string& description) {
  Handle type = string_type();
  hsize_t n = values.size();
  Handle space(check(H5Screate_simple(1, &n, nullptr), "make a dataspace"), H5Sclose);
  Handle dcpl = untimed(H5P_DATASET_CREATE);
  Handle set(check(H5Dcreate2(parent, name.c_str(), type.id(), space.id(), H5P_DEFAULT, dcpl.id(), H5P_DEFAULT),
                   "create dataset " + name),
             H5Dclose);
  std::vector<const char*> ptrs;
  for (const auto& v : values) ptrs.push_back(v.c_str());
  if (n && H5Dwrite(set.id(), type.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data()) < 0)
    throw Error("HDF5: cannot write " + name);
  set_attr(set.id(), "description", description);
}

std::vector<double> read_doubles(hid_t file, const std::string& path, std::vector<hsize_t>* shape) {
  if (!exists(file, path)) throw Error("the results file has no dataset " + path);
  Handle set(check(H5Dopen2(file, path.c_str(), H5P_DEFAULT), "open " + path), H5Dclose);
  Handle space(H5Dget_space(set.id()), H5Sclose);
  int rank = H5Sget_simple_extent_ndims(space.id());
  std::vector<hsize_t> dims(static_cast<std::size_t>(std::max(rank, 0)));
  H5Sget_simple_extent_dims(space.id(), dims.data(), nullptr);
  hsize_t n = 1;
  for (hsize_t d : dims) n *= d;
  std::vector<double> data(n);
  if (n && H5Dread(set.id(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()) < 0)
    throw Error("HDF5: cannot read " + path);
  if (shape) *shape = dims;
  return data;
}

std::vector<std::string> read_strings(hid_t file, const std::string& path) {
  if (!exists(file, path)) throw Error("the results file has no dataset " + path);
  Handle set(check(H5Dopen2(file, path.c_str(), H5P_DEFAULT), "open " + path), H5Dclose);
  Handle space(H5Dget_space(set.id()), H5Sclose);
  hsize_t n = 0;
  H5Sget_simple_extent_dims(space.id(), &n, nullptr);
  Handle type = string_type();
  std::vector<char*> ptrs(n, nullptr);
  if (n && H5Dread(set.id(), type.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data()) < 0)
    throw Error("HDF5: cannot read " + path);
  std::vector<std::string> out;
  for (char* p : ptrs) out.emplace_back(p ? p : "");
  if (n) H5Dvlen_reclaim(type.id(), space.id(), H5P_DEFAULT, ptrs.data());
  return out;
}

void write_file_safely(const std::string& path, const std::function<void(hid_t)>& body) {
  const auto tmp = temporary_beside(path);
  std::filesystem::remove(tmp);
  try {
    Handle file = create_file(tmp.string());
    body(file.id());
    H5Fflush(file.id(), H5F_SCOPE_GLOBAL);
  } catch (...) {
    std::filesystem::remove(tmp);
    throw;
  }
  commit_file(tmp, path);
}

std::string check_filetype(hid_t file, const std::string& path, const std::vector<std::string>& types,
                           std::int64_t version, const std::string& what) {
  const std::string type = has_attr(file, "/", "filetype") ? get_string_attr(file, "/", "filetype") : "";
  if (std::find(types.begin(), types.end(), type) == types.end())
    throw Error(path + " is not a " + what + " (its root attribute filetype is '" + type + "')");
  const std::int64_t found = get_int_attr(file, "/", "format_version");
  if (found != version)
    throw Error(path + " uses format version " + std::to_string(found) + ", written by placesim " +
                get_string_attr(file, "/", "placesim_version") + "; this placesim reads version " +
                std::to_string(version));
  return type;
}

std::string utc_timestamp() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buf;
}

void set_attr(hid_t obj, const std::string& name, const std::string& value) {
  Handle type = string_type();
  Handle space(H5Screate(H5S_SCALAR), H5Sclose);
  Handle attr(check(H5Acreate2(obj, name.c_str(), type.id(), space.id(), H5P_DEFAULT, H5P_DEFAULT),
                    "create attribute " + name),
              H5Aclose);
  const char* p = value.c_str();
  if (H5Awrite(attr.id(), type.id(), &p) < 0) throw Error("HDF5: cannot write attribute " + name);
}

void set_attr(hid_t obj, const std::string& name, std::int64_t value) {
  Handle space(H5Screate(H5S_SCALAR), H5Sclose);
  Handle attr(check(H5Acreate2(obj, name.c_str(), H5T_STD_I64LE, space.id(), H5P_DEFAULT, H5P_DEFAULT),
                    "create attribute " + name),
              H5Aclose);
  if (H5Awrite(attr.id(), H5T_NATIVE_INT64, &value) < 0) throw Error("HDF5: cannot write attribute " + name);
}

void set_double_attr(hid_t obj, const std::string& name, double value) {
  Handle space(H5Screate(H5S_SCALAR), H5Sclose);
  Handle attr(check(H5Acreate2(obj, name.c_str(), H5T_IEEE_F64LE, space.id(), H5P_DEFAULT, H5P_DEFAULT),
                    "create attribute " + name),
              H5Aclose);
  if (H5Awrite(attr.id(), H5T_NATIVE_DOUBLE, &value) < 0) throw Error("HDF5: cannot write attribute " + name);
}

bool has_attr(hid_t file, const std::string& path, const std::string& name) {
  return (path == "/" || exists(file, path)) && H5Aexists_by_name(file, path.c_str(), name.c_str(), H5P_DEFAULT) > 0;
}

std::string get_string_attr(hid_t file, const std::string& path, const std::string& name) {
  if (!has_attr(file, path, name)) throw Error("the results file has no attribute " + name + " on " + path);
  Handle attr(check(H5Aopen_by_name(file, path.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT), "open " + name),
              H5Aclose);
  Handle ftype(H5Aget_type(attr.id()), H5Tclose);
  if (H5Tget_class(ftype.id()) != H5T_STRING) throw Error("attribute " + name + " is not text");
  Handle type = string_type();
  char* p = nullptr;
  if (H5Aread(attr.id(), type.id(), &p) < 0) throw Error("HDF5: cannot read attribute " + name);
  std::string out = p ? p : "";
  H5free_memory(p);
  return out;
}

std::int64_t get_int_attr(hid_t file, const std::string& path, const std::string& name) {
  if (!has_attr(file, path, name)) throw Error("the results file has no attribute " + name + " on " + path);
  Handle attr(check(H5Aopen_by_name(file, path.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT), "open " + name),
              H5Aclose);
  std::int64_t v = 0;
  if (H5Aread(attr.id(), H5T_NATIVE_INT64, &v) < 0) throw Error("HDF5: cannot read attribute " + name);
  return v;
}

double get_double_attr(hid_t file, const std::string& path, const std::string& name) {
  if (!has_attr(file, path, name)) throw Error("the results file has no attribute " + name + " on " + path);
  Handle attr(check(H5Aopen_by_name(file, path.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT), "open " + name),
              H5Aclose);
  Handle ftype(H5Aget_type(attr.id()), H5Tclose);
  if (H5Tget_class(ftype.id()) != H5T_FLOAT) throw Error("attribute " + name + " is not a number");
  double v = 0;
  if (H5Aread(attr.id(), H5T_NATIVE_DOUBLE, &v) < 0) throw Error("HDF5: cannot read attribute " + name);
  return v;
}

}  // namespace placesim::models::h5
