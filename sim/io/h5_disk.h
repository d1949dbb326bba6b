#pragma once
// The file driver placesim writes HDF5 files with (private to sim/io): the
// file goes to disk as HDF5 writes it, so a run's memory does not hold the
// file, yet HDF5 never meets a failed system call. A write the disk refuses
// (a full disk, a quota) is kept in memory instead and its cause latched;
// HDF5 finishes as if all were well, and File::close reports the cause. HDF5
// 1.10 once crashed at exit after a flush failed, which is why it is told
// nothing.

#include <hdf5.h>

#include <memory>
#include <string>

namespace placesim::sim::h5 {

//! What the disk driver saw go wrong writing one file: the first failed
//! system call and its errno (0: none).
//! Shared with the driver's open file, which may outlive the File object
//! while HDF5 finishes it.
struct DiskStatus : std::enable_shared_from_this<DiskStatus> {
  int error = 0;     //!< errno of the first failure
  std::string call;  //!< "write", "truncate", ...
};

namespace detail {

//! The driver's identifier (registered with HDF5 on first use).
hid_t disk_driver();

//! A file access property list that writes through the disk driver and
//! reports failures into *status (owned by a shared_ptr: the file keeps it),
//! with a metadata cache of a fixed size (File::metadata_cache).
hid_t disk_access(DiskStatus* status);

}  // namespace detail
}  // namespace placesim::sim::h5
