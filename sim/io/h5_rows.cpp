// Datasets written a row at a time: chunked along their first dimension,
// which grows as rows arrive, so a writer holds one chunk of rows, not the
// dataset.
#include <hdf5.h>

#include <algorithm>

#include "sim/io/h5.h"
#include "sim/io/h5_detail.h"

namespace placesim::sim::h5 {

using detail::check;
using detail::Id;
using detail::untimed;
using detail::where;

namespace {

// Bytes a chunk aims at: large enough that a 10,000-replication file has
// few chunks, small enough that a short run's last chunk wastes little.
constexpr std::uint64_t kChunkBytes = std::uint64_t{16} << 10;

}  // namespace

Rows Group::create_rows(const std::string& name, const std::vector<std::uint64_t>& row_shape,
                        Meta meta, std::uint64_t expected_rows) const {
  if (!meta.dims.empty() && meta.dims.size() != row_shape.size() + 1)
    throw Error("HDF5: " + name + " names " + std::to_string(meta.dims.size()) +
                " dimensions for rows of rank " + std::to_string(row_shape.size()));
  std::uint64_t row_size = 1;
  for (std::uint64_t d : row_shape) row_size *= d;
  std::uint64_t chunk_rows =
      std::max<std::uint64_t>(1, kChunkBytes / (8 * std::max<std::uint64_t>(row_size, 1)));
  if (expected_rows > 0) chunk_rows = std::min(chunk_rows, expected_rows);
  std::vector<hsize_t> dims{0}, max{H5S_UNLIMITED}, chunk{chunk_rows};
  for (std::uint64_t d : row_shape) {
    dims.push_back(d);
    // A dimension of no extent cannot be chunked as fixed: it grows instead.
    max.push_back(row_size == 0 ? H5S_UNLIMITED : d);
    chunk.push_back(std::max<std::uint64_t>(d, 1));
  }
  Id space(check(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), max.data()),
                 "make a dataspace"),
           H5Sclose);
  Id dcpl = untimed(H5P_DATASET_CREATE);
  if (H5Pset_chunk(dcpl.get(), static_cast<int>(chunk.size()), chunk.data()) < 0)
    throw Error("HDF5: cannot chunk " + name);
  // No chunk cache: rows go out a whole chunk at a time, and a cache of
  // written chunks (a MiB a dataset by default) would grow with them.
  Id dapl(check(H5Pcreate(H5P_DATASET_ACCESS), "make a property list"), H5Pclose);
  if (H5Pset_chunk_cache(dapl.get(), 0, 0, 1.0) < 0)
    throw Error("HDF5: cannot set the chunk cache of " + name);
  Id set(check(H5Dcreate2(id_, name.c_str(), H5T_IEEE_F64LE, space.get(), H5P_DEFAULT, dcpl.get(),
                          dapl.get()),
               "create dataset " + name),
         H5Dclose);
  return Rows(Group(set.release(), file_name_, scales_), name, std::move(meta), row_shape,
              chunk_rows);
}

Rows::Rows(Group set, std::string name, Meta meta, std::vector<std::uint64_t> row_shape,
           std::uint64_t chunk_rows)
    : set_(std::move(set)),
      name_(std::move(name)),
      meta_(std::move(meta)),
      row_shape_(std::move(row_shape)),
      chunk_rows_(chunk_rows) {
  for (std::uint64_t d : row_shape_) row_size_ *= d;
}

void Rows::append(std::span<const double> row) {
  if (finished_) throw Error("HDF5: " + name_ + " is finished; no row may follow");
  if (row.size() != row_size_)
    throw Error("HDF5: a row of " + name_ + " has " + std::to_string(row.size()) +
                " values where it has " + std::to_string(row_size_));
  if (held_.empty()) held_.reserve(chunk_rows_ * row_size_);
  held_.insert(held_.end(), row.begin(), row.end());
  ++rows_;
  if (rows_ - written_ == chunk_rows_) flush();
}

void Rows::flush() {
  detail::quiet_this_thread();  // rows are written from the run's worker threads
  const std::uint64_t n = rows_ - written_;
  std::vector<hsize_t> extent{rows_}, start{written_}, count{n};
  for (std::uint64_t d : row_shape_) {
    extent.push_back(d);
    start.push_back(0);
    count.push_back(d);
  }
  if (H5Dset_extent(set_.id_, extent.data()) < 0)
    throw Error("HDF5: cannot extend " + where(set_.file_name_, name_));
  if (n > 0 && row_size_ > 0) {
    Id file(check(H5Dget_space(set_.id_), "read the shape of " + name_), H5Sclose);
    if (H5Sselect_hyperslab(file.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(),
                            nullptr) < 0)
      throw Error("HDF5: cannot select rows of " + name_);
    const hsize_t values = held_.size();
    Id memory(check(H5Screate_simple(1, &values, nullptr), "make a dataspace"), H5Sclose);
    if (H5Dwrite(set_.id_, H5T_NATIVE_DOUBLE, memory.get(), file.get(), H5P_DEFAULT, held_.data()) <
        0)
      throw Error("HDF5: cannot write " + where(set_.file_name_, name_));
  }
  written_ = rows_;
  held_.clear();
}

void Rows::finish() {
  if (finished_) return;
  flush();
  std::vector<double>().swap(held_);
  set_.label(name_, meta_);
  finished_ = true;
}

}  // namespace placesim::sim::h5
