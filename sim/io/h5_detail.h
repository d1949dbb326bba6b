#pragma once
// Pieces the HDF5 sources share (private to sim/io): an identifier that
// closes itself, checked calls, and the string type.

#include <hdf5.h>

#include <string>
#include <utility>

#include "sim/io/h5.h"

namespace placesim::sim::h5::detail {

static_assert(sizeof(hid_t) == sizeof(std::int64_t), "Group stores an hid_t in an int64_t");

// Owns an identifier and closes it with the right function.
class Id {
 public:
  Id(hid_t id, herr_t (*close)(hid_t)) : id_(id), close_(close) {}
  Id(const Id&) = delete;
  Id& operator=(const Id&) = delete;
  Id(Id&& o) noexcept : id_(std::exchange(o.id_, -1)), close_(o.close_) {}
  Id& operator=(Id&&) = delete;
  ~Id() {
    if (id_ >= 0) close_(id_);
  }
  [[nodiscard]] hid_t get() const { return id_; }
  hid_t release() { return std::exchange(id_, -1); }

 private:
  hid_t id_;
  herr_t (*close_)(hid_t);
};

// HDF5 prints its error stack unless told not to, and a thread-safe HDF5
// keeps that setting per thread: each thread that opens or creates a file,
// or writes rows, is told once. We report HDF5's failures ourselves.
inline void quiet_this_thread() {
  thread_local const bool told = [] {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    return true;
  }();
  (void)told;
}

inline hid_t check(hid_t id, const std::string& what) {
  if (id < 0) throw Error("HDF5: cannot " + what);
  return id;
}

// No creation times in object headers: the same results give the same bytes.
inline Id untimed(hid_t cls) {
  Id p(check(H5Pcreate(cls), "make a property list"), H5Pclose);
  H5Pset_obj_track_times(p.get(), 0);
  return p;
}

inline Id string_type() {
  Id t(check(H5Tcopy(H5T_C_S1), "make a string type"), H5Tclose);
  H5Tset_size(t.get(), H5T_VARIABLE);
  H5Tset_cset(t.get(), H5T_CSET_UTF8);
  return t;
}

inline std::string where(const std::string& file, const std::string& path) {
  return file + ": " + path;
}

}  // namespace placesim::sim::h5::detail
