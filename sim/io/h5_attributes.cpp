// Attributes of HDF5 objects: written plainly, read only when their type and
// shape are what the reader expects.
#include <hdf5.h>

#include "sim/io/h5.h"
#include "sim/io/h5_detail.h"

namespace placesim::sim::h5 {

using detail::check;
using detail::Id;
using detail::string_type;
using detail::where;

void Group::set_attr(const std::string& name, const std::string& value) const {
  Id type = string_type();
  Id space(check(H5Screate(H5S_SCALAR), "make a dataspace"), H5Sclose);
  Id attr(check(H5Acreate2(id_, name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
                "create attribute " + name),
          H5Aclose);
  const char* p = value.c_str();
  if (H5Awrite(attr.get(), type.get(), &p) < 0) throw Error("HDF5: cannot write attribute " + name);
}

void Group::set_attr(const std::string& name, std::int64_t value) const {
  Id space(check(H5Screate(H5S_SCALAR), "make a dataspace"), H5Sclose);
  Id attr(check(H5Acreate2(id_, name.c_str(), H5T_STD_I64LE, space.get(), H5P_DEFAULT, H5P_DEFAULT),
                "create attribute " + name),
          H5Aclose);
  if (H5Awrite(attr.get(), H5T_NATIVE_INT64, &value) < 0)
    throw Error("HDF5: cannot write attribute " + name);
}

void Group::set_double_attr(const std::string& name, double value) const {
  Id space(check(H5Screate(H5S_SCALAR), "make a dataspace"), H5Sclose);
  Id attr(
      check(H5Acreate2(id_, name.c_str(), H5T_IEEE_F64LE, space.get(), H5P_DEFAULT, H5P_DEFAULT),
            "create attribute " + name),
      H5Aclose);
  if (H5Awrite(attr.get(), H5T_NATIVE_DOUBLE, &value) < 0)
    throw Error("HDF5: cannot write attribute " + name);
}

bool Group::has_attr(const std::string& path, const std::string& name) const {
  return exists(path) && H5Aexists_by_name(id_, path.c_str(), name.c_str(), H5P_DEFAULT) > 0;
}

namespace {

// Opens an attribute of a scalar dataspace and the expected class, or throws.
Id open_attr(hid_t id, const std::string& file, const std::string& path, const std::string& name,
             H5T_class_t cls, const char* kind) {
  Id attr(H5Aopen_by_name(id, path.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
  if (attr.get() < 0) throw Error(where(file, path) + ": cannot open the attribute " + name);
  Id type(check(H5Aget_type(attr.get()), "read the type of " + name), H5Tclose);
  Id space(check(H5Aget_space(attr.get()), "read the shape of " + name), H5Sclose);
  if (H5Tget_class(type.get()) != cls || H5Sget_simple_extent_npoints(space.get()) != 1)
    throw Error(where(file, path) + ": the attribute " + name + " is not " + kind);
  return Id(attr.release(), H5Aclose);
}

}  // namespace

std::string Group::string_attr(const std::string& path, const std::string& name) const {
  if (!has_attr(path, name)) throw Error(where(file_name_, path) + ": has no attribute " + name);
  Id attr = open_attr(id_, file_name_, path, name, H5T_STRING, "text");
  Id ftype(check(H5Aget_type(attr.get()), "read the type of " + name), H5Tclose);
  if (H5Tis_variable_str(ftype.get()) <= 0)
    throw Error(where(file_name_, path) + ": the attribute " + name + " is not text");
  Id type = string_type();
  char* p = nullptr;
  if (H5Aread(attr.get(), type.get(), &p) < 0) throw Error("HDF5: cannot read attribute " + name);
  std::string out = p ? p : "";
  H5free_memory(p);
  return out;
}

std::int64_t Group::int_attr(const std::string& path, const std::string& name, std::int64_t lo,
                             std::int64_t hi) const {
  if (!has_attr(path, name)) throw Error(where(file_name_, path) + ": has no attribute " + name);
  Id attr = open_attr(id_, file_name_, path, name, H5T_INTEGER, "a whole number");
  std::int64_t v = 0;
  if (H5Aread(attr.get(), H5T_NATIVE_INT64, &v) < 0)
    throw Error("HDF5: cannot read attribute " + name);
  if (v < lo || v > hi)
    throw Error(where(file_name_, path) + ": the attribute " + name + " is " + std::to_string(v) +
                ", outside " + std::to_string(lo) + " to " + std::to_string(hi));
  return v;
}

double Group::double_attr(const std::string& path, const std::string& name) const {
  if (!has_attr(path, name)) throw Error(where(file_name_, path) + ": has no attribute " + name);
  Id attr = open_attr(id_, file_name_, path, name, H5T_FLOAT, "a number");
  double v = 0;
  if (H5Aread(attr.get(), H5T_NATIVE_DOUBLE, &v) < 0)
    throw Error("HDF5: cannot read attribute " + name);
  return v;
}

}  // namespace placesim::sim::h5
