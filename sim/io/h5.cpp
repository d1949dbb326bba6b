#include "sim/io/h5.h"

#include <hdf5.h>
#include <hdf5_hl.h>

#include "sim/io/h5_detail.h"
#include "sim/io/h5_disk.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string_view>
#include <utility>

namespace placesim::sim::h5 {

using detail::check;
using detail::Id;
using detail::string_type;
using detail::untimed;
using detail::where;
Group::Group(std::int64_t id, std::string file_name,
             std::shared_ptr<std::vector<std::pair<std::string, std::string>>> scales)
    : id_(id), file_name_(std::move(file_name)), scales_(std::move(scales)) {}

Group::Group(Group&& o) noexcept
    : id_(std::exchange(o.id_, -1)),
      file_name_(std::move(o.file_name_)),
      scales_(std::move(o.scales_)) {}

Group& Group::operator=(Group&& o) noexcept {
  if (this != &o) {
    if (id_ >= 0) H5Oclose(id_);
    id_ = std::exchange(o.id_, -1);
    file_name_ = std::move(o.file_name_);
    scales_ = std::move(o.scales_);
  }
  return *this;
}

Group::~Group() {
  if (id_ >= 0) H5Oclose(id_);
}

Group Group::create_group(const std::string& path) const {
  Id lcpl(check(H5Pcreate(H5P_LINK_CREATE), "make a property list"), H5Pclose);
  H5Pset_create_intermediate_group(lcpl.get(), 1);
  Id gcpl = untimed(H5P_GROUP_CREATE);
  hid_t g = check(H5Gcreate2(id_, path.c_str(), lcpl.get(), gcpl.get(), H5P_DEFAULT),
                  "create group " + path);
  return Group(g, file_name_, scales_);
}

Group Group::open_group(const std::string& path) const {
  if (!exists(path)) throw Error(where(file_name_, path) + ": no such group");
  H5O_info_t info{};
  if (H5Oget_info_by_name(id_, path.c_str(), &info, H5P_DEFAULT) < 0 || info.type != H5O_TYPE_GROUP)
    throw Error(where(file_name_, path) + ": is not a group");
  return Group(check(H5Gopen2(id_, path.c_str(), H5P_DEFAULT), "open group " + path), file_name_,
               scales_);
}

bool Group::exists(const std::string& path) const {
  if (path.empty() || path == "." || path == "/") return true;
  // Check each link on the way down: H5Lexists needs the parents to exist.
  std::string partial;
  std::stringstream ss(path);
  for (std::string part; std::getline(ss, part, '/');) {
    if (part.empty() || part == ".") continue;
    partial += (partial.empty() && path[0] != '/' ? "" : "/") + part;
    if (H5Lexists(id_, partial.c_str(), H5P_DEFAULT) <= 0) return false;
  }
  return true;
}

std::vector<std::string> Group::children(const std::string& path) const {
  std::vector<std::string> out;
  if (!exists(path)) return out;
  Group g = open_group(path);
  H5G_info_t info{};
  if (H5Gget_info(g.id_, &info) < 0)
    throw Error(where(file_name_, path) + ": cannot list the group");
  for (hsize_t i = 0; i < info.nlinks; ++i) {
    const ssize_t n =
        H5Lget_name_by_idx(g.id_, ".", H5_INDEX_NAME, H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT);
    if (n < 0) throw Error(where(file_name_, path) + ": cannot list the group");
    std::string name(static_cast<std::size_t>(n) + 1, '\0');
    H5Lget_name_by_idx(g.id_, ".", H5_INDEX_NAME, H5_ITER_INC, i, name.data(), name.size(),
                       H5P_DEFAULT);
    name.resize(static_cast<std::size_t>(n));
    out.push_back(name);
  }
  return out;
}

void Group::write(const std::string& name, const std::vector<std::uint64_t>& shape,
                  const std::vector<double>& data, const Meta& meta) const {
  std::uint64_t n = 1;
  for (std::uint64_t d : shape) n *= d;
  if (n != data.size())
    throw Error("HDF5: " + name + " has " + std::to_string(data.size()) +
                " values for a shape of " + std::to_string(n));
  if (!meta.dims.empty() && meta.dims.size() != shape.size())
    throw Error("HDF5: " + name + " names " + std::to_string(meta.dims.size()) +
                " dimensions for a rank of " + std::to_string(shape.size()));
  std::vector<hsize_t> dims(shape.begin(), shape.end());
  Id space(check(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr),
                 "make a dataspace"),
           H5Sclose);
  Id dcpl = untimed(H5P_DATASET_CREATE);
  Id set(check(H5Dcreate2(id_, name.c_str(), H5T_IEEE_F64LE, space.get(), H5P_DEFAULT, dcpl.get(),
                          H5P_DEFAULT),
               "create dataset " + name),
         H5Dclose);
  if (!data.empty() &&
      H5Dwrite(set.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()) < 0)
    throw Error("HDF5: cannot write " + name);
  Group(set.release(), file_name_, scales_).label(name, meta);
}

void Group::label(const std::string& name, const Meta& meta) const {
  std::string joined;
  for (const auto& d : meta.dims) joined += (joined.empty() ? "" : ",") + d;
  set_attr("dims", joined);
  set_attr("units", meta.units);
  set_attr("description", meta.description);
  for (std::size_t i = 0; i < meta.dims.size(); ++i) {
    if (H5DSset_label(id_, static_cast<unsigned>(i), meta.dims[i].c_str()) < 0)
      throw Error("HDF5: cannot label the dimensions of " + name);
  }
  for (std::size_t i = 0; i < meta.dims.size() && scales_; ++i) {
    auto found = std::find_if(scales_->begin(), scales_->end(),
                              [&](const auto& d) { return d.first == meta.dims[i]; });
    if (found == scales_->end()) continue;
    const std::string& scale_path = found->second;  // absolute: opened from the dataset
    Id scale(check(H5Dopen2(id_, scale_path.c_str(), H5P_DEFAULT), "open the scale " + scale_path),
             H5Dclose);
    if (H5DSattach_scale(id_, scale.get(), static_cast<unsigned>(i)) < 0)
      throw Error("HDF5: cannot attach the scale " + scale_path + " to " + name);
  }
}

void Group::write_strings(const std::string& name, const std::vector<std::string>& values,
                          const std::string& description) const {
  Id type = string_type();
  hsize_t n = values.size();
  Id space(check(H5Screate_simple(1, &n, nullptr), "make a dataspace"), H5Sclose);
  Id dcpl = untimed(H5P_DATASET_CREATE);
  Id set(check(H5Dcreate2(id_, name.c_str(), type.get(), space.get(), H5P_DEFAULT, dcpl.get(),
                          H5P_DEFAULT),
               "create dataset " + name),
         H5Dclose);
  std::vector<const char*> ptrs;
  for (const auto& v : values) ptrs.push_back(v.c_str());
  if (n && H5Dwrite(set.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data()) < 0)
    throw Error("HDF5: cannot write " + name);
  Group ds(set.release(), file_name_, scales_);
  ds.set_attr("description", description);
}

std::vector<std::uint64_t> Group::shape(const std::string& path) const {
  if (!exists(path)) throw Error(where(file_name_, path) + ": no such dataset");
  Id set(check(H5Dopen2(id_, path.c_str(), H5P_DEFAULT), "open " + path), H5Dclose);
  Id space(check(H5Dget_space(set.get()), "read the shape of " + path), H5Sclose);
  const int rank = H5Sget_simple_extent_ndims(space.get());
  if (rank < 0) throw Error(where(file_name_, path) + ": unreadable shape");
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
  return {dims.begin(), dims.end()};
}

namespace {

// The number of elements a dataset declares, refused when the file does not
// hold them: our writer stores every element (no compression, no fill
// values), so a larger extent is a forged header, which would otherwise make
// a reader allocate whatever it claims.
std::uint64_t stored_count(const std::string& file, const std::string& path,
                           const std::vector<std::uint64_t>& dims, hid_t set, hid_t type) {
  const std::uint64_t element = std::max<std::uint64_t>(H5Tget_size(type), 1);
  const std::uint64_t stored = H5Dget_storage_size(set);
  std::uint64_t n = 1;
  bool fits = true;
  for (std::uint64_t d : dims) {
    fits = fits && (d == 0 || n <= (std::uint64_t{1} << 56) / d);
    n = fits ? n * d : 0;
  }
  if (!fits || n > stored / element)
    throw Error(where(file, path) + ": is implausibly large for the file that holds it");
  return n;
}

}  // namespace

std::vector<double> Group::read(const std::string& path, const std::vector<std::uint64_t>& expect,
                                std::vector<std::uint64_t>* shape_out) const {
  const std::vector<std::uint64_t> dims = shape(path);
  if (!expect.empty()) {
    bool ok = dims.size() == expect.size();
    for (std::size_t i = 0; ok && i < dims.size(); ++i) ok = expect[i] == 0 || expect[i] == dims[i];
    if (!ok) {
      auto text = [](const std::vector<std::uint64_t>& v) {
        std::string s = "[";
        for (std::size_t i = 0; i < v.size(); ++i)
          s += (i ? ", " : "") + (v[i] ? std::to_string(v[i]) : "*");
        return s + "]";
      };
      throw Error(where(file_name_, path) + ": has shape " + text(dims) + " where " + text(expect) +
                  " is expected");
    }
  }
  Id set(check(H5Dopen2(id_, path.c_str(), H5P_DEFAULT), "open " + path), H5Dclose);
  Id type(check(H5Dget_type(set.get()), "read the type of " + path), H5Tclose);
  if (H5Tget_class(type.get()) != H5T_FLOAT)
    throw Error(where(file_name_, path) + ": is not a dataset of numbers");
  const std::uint64_t n = stored_count(file_name_, path, dims, set.get(), type.get());
  std::vector<double> data(n);
  if (n && H5Dread(set.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()) < 0)
    throw Error("HDF5: cannot read " + where(file_name_, path));
  if (shape_out) *shape_out = dims;
  return data;
}

std::vector<std::string> Group::read_strings(const std::string& path, std::uint64_t expect) const {
  const std::vector<std::uint64_t> dims = shape(path);
  if (dims.size() != 1 || (expect > 0 && dims[0] != expect))
    throw Error(where(file_name_, path) + ": is not a list of " +
                (expect ? std::to_string(expect) + " " : "") + "labels");
  Id set(check(H5Dopen2(id_, path.c_str(), H5P_DEFAULT), "open " + path), H5Dclose);
  Id ftype(check(H5Dget_type(set.get()), "read the type of " + path), H5Tclose);
  if (H5Tget_class(ftype.get()) != H5T_STRING || H5Tis_variable_str(ftype.get()) <= 0)
    throw Error(where(file_name_, path) + ": is not a dataset of text");
  Id space(check(H5Dget_space(set.get()), "read the shape of " + path), H5Sclose);
  Id type = string_type();
  std::vector<char*> ptrs(stored_count(file_name_, path, dims, set.get(), ftype.get()), nullptr);
  if (dims[0] && H5Dread(set.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data()) < 0)
    throw Error("HDF5: cannot read " + where(file_name_, path));
  std::vector<std::string> out;
  for (char* p : ptrs) out.emplace_back(p ? p : "");
  if (dims[0]) H5Dvlen_reclaim(type.get(), space.get(), H5P_DEFAULT, ptrs.data());
  return out;
}

File File::create(const std::string& path) {
  detail::quiet_this_thread();  // we report HDF5's failures ourselves
  // Written to disk as HDF5 builds it, through a driver that tells HDF5 every
  // write succeeded and keeps what the disk refused (h5_disk.h): HDF5 itself
  // never meets a full disk, whose failed flush once left it to crash at exit.
  if (std::filesystem::exists(path))
    throw Error("cannot create the HDF5 file " + path + ": it exists");
  Id fcpl = untimed(H5P_FILE_CREATE);
  // Small chunk index nodes: a file of a few replications has dozens of
  // datasets of one chunk each, and HDF5's default nodes made such a file
  // half again as large (docs/performance.md, "A run's memory").
  if (H5Pset_istore_k(fcpl.get(), 4) < 0) throw Error("HDF5: cannot size the chunk indexes");
  // A user block before the HDF5 data, which HDF5 readers skip, holds our
  // checksum of the rest (see File::open).
  if (H5Pset_userblock(fcpl.get(), kUserBlock) < 0)
    throw Error("HDF5: cannot reserve the user block");
  auto disk = std::make_shared<DiskStatus>();
  Id fapl(detail::disk_access(disk.get()), H5Pclose);
  if (H5Pset_fclose_degree(fapl.get(), H5F_CLOSE_STRONG) < 0)
    throw Error("HDF5: cannot set how the file closes");
  hid_t f = H5Fcreate(path.c_str(), H5F_ACC_EXCL, fcpl.get(), fapl.get());
  if (f < 0)
    throw Error("cannot create the HDF5 file " + path +
                (disk->error ? std::string(": ") + std::strerror(disk->error) : ""));
  File out(f, path, std::make_shared<std::vector<std::pair<std::string, std::string>>>());
  out.disk_ = std::move(disk);
  return out;
}

File File::open(const std::string& path) {
  detail::quiet_this_thread();
  // The file is read once, checked, and HDF5 reads that image: what was
  // checked is what is read.
  std::string image;
  {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error("cannot open " + path + " as an HDF5 file: " + std::strerror(errno));
    image.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (in.bad()) throw Error("cannot read " + path);
  }
  if (image.empty()) throw Error("cannot open " + path + " as an HDF5 file: it is empty");
  check_seal(image, path);
  // The core driver takes a copy of the image (H5LTopen_file_image without
  // copying leaks its bookkeeping in HDF5 1.10, which LeakSanitizer reports).
  Id fapl(check(H5Pcreate(H5P_FILE_ACCESS), "make a property list"), H5Pclose);
  if (H5Pset_fapl_core(fapl.get(), std::size_t{1} << 20, 0) < 0 ||
      H5Pset_file_image(fapl.get(), image.data(), image.size()) < 0)
    throw Error("HDF5: cannot read " + path + " from memory");
  // The property list holds its own copy now, and the driver makes another
  // as the file opens: ours goes first, so two copies are alive at once, not three.
  std::string().swap(image);
  // With an image the core driver refuses a name that exists on disk; the
  // name is only a label here.
  const std::string label = "placesim-image:" + path;
  const hid_t f = H5Fopen(label.c_str(), H5F_ACC_RDONLY, fapl.get());
  if (f < 0) throw Error("cannot open " + path + " as an HDF5 file");
  File out(f, path, std::make_shared<std::vector<std::pair<std::string, std::string>>>());
  return out;
}

void File::register_scale(const std::string& path, const std::string& dim) const {
  Id set(check(H5Dopen2(id_, path.c_str(), H5P_DEFAULT), "open " + path), H5Dclose);
  if (H5DSset_scale(set.get(), dim.c_str()) < 0)
    throw Error("HDF5: cannot make " + path + " a dimension scale");
  scales_->emplace_back(dim, path);
}

void File::index_scale(const std::string& path, const std::string& dim, std::uint64_t n) const {
  std::vector<double> idx(n);
  for (std::uint64_t i = 0; i < n; ++i) idx[i] = static_cast<double>(i);
  write(path, {n}, idx, {{}, "index", "positions 0 to n-1 along the " + dim + " dimension"});
  register_scale(path, dim);
}

void File::close() {
  if (id_ < 0) return;
  const hid_t f = std::exchange(id_, -1);
  // The file is created to close strongly (its open groups with it), so it
  // is finished on disk here, before it is sealed.
  const bool closed = H5Fclose(f) >= 0;
  check_disk();  // the disk's refusal first: it is the cause of any failure to close
  if (!closed) throw Error("HDF5: cannot finish " + file_name_);
  if (disk_) seal_file(file_name_);
}

void File::check_disk() const {
  if (disk_ && disk_->error)
    throw Error("cannot write " + file_name_ + ": " + disk_->call + ": " +
                std::strerror(disk_->error));
}

std::pair<std::size_t, std::size_t> File::metadata_cache() const {
  std::size_t most = 0, held = 0, clean = 0;
  int entries = 0;
  if (H5Fget_mdc_size(id_, &most, &clean, &held, &entries) < 0)
    throw Error("HDF5: cannot read the metadata cache of " + file_name_);
  return {most, held};
}

File::~File() {
  if (id_ >= 0) H5Fclose(std::exchange(id_, -1));
}

std::string check_filetype(const File& f, const std::vector<std::string>& types,
                           std::int64_t version, const std::string& what) {
  std::string type = f.has_attr("/", "filetype") ? f.string_attr("/", "filetype") : "";
  if (std::find(types.begin(), types.end(), type) == types.end())
    throw Error(f.file_name() + " is not a " + what + " (its root attribute filetype is '" + type +
                "')");
  const std::int64_t found = f.int_attr("/", "format_version");
  if (found != version) {
    const std::string by = f.has_attr("/", "placesim_version")
                               ? ", written by placesim " + f.string_attr("/", "placesim_version")
                               : "";
    throw Error(f.file_name() + " uses format version " + std::to_string(found) + by +
                "; this placesim reads version " + std::to_string(version));
  }
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

}  // namespace placesim::sim::h5
