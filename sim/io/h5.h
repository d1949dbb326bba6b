#pragma once
//! HDF5 files through a small RAII API that hides the C library: groups,
//! float64 and string datasets with their dimension scales, attributes, and
//! readers that check shapes and types before touching memory. Errors are
//! exceptions with a sentence, never HDF5's own error stack.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace placesim::sim::h5 {

//! An HDF5 failure, or a file that is not what it claims to be.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

//! A dataset's meaning: its dimension names, unit and description.
struct Meta {
  std::vector<std::string>
      dims;           //!< one name per dimension; a name registered as a scale is attached to it
  std::string units;  //!< e.g. "GBP" or "count"
  std::string description;  //!< one sentence
};

class File;
class Rows;
struct DiskStatus;

//! A group (or the file's root) in which datasets, groups and attributes live.
class Group {
 public:
  Group(const Group&) = delete;
  Group& operator=(const Group&) = delete;
  Group(Group&& o) noexcept;
  Group& operator=(Group&& o) noexcept;
  virtual ~Group();

  //! Creates a group (and any missing parents) below this one.
  [[nodiscard]] Group create_group(const std::string& path) const;
  //! Opens an existing group below this one.
  [[nodiscard]] Group open_group(const std::string& path) const;
  //! True when `path` (relative, or absolute from the root) names an object.
  [[nodiscard]] bool exists(const std::string& path) const;
  //! Names of the objects directly in the group at `path` (empty when it is absent).
  [[nodiscard]] std::vector<std::string> children(const std::string& path = ".") const;

  //! Writes a float64 dataset of the given shape, labelled by `meta`; its
  //! dimensions are attached to the scales registered with the file.
  void write(const std::string& name, const std::vector<std::uint64_t>& shape,
             const std::vector<double>& data, const Meta& meta) const;
  //! The same with the meaning spelt out.
  void write(const std::string& name, const std::vector<std::uint64_t>& shape,
             const std::vector<double>& data, std::vector<std::string> dims, std::string units,
             std::string description) const {
    write(name, shape, data, Meta{std::move(dims), std::move(units), std::move(description)});
  }
  //! Creates a float64 dataset written a row (its first index) at a time by
  //! the Rows returned; `expected_rows` (0: not known) sizes its chunks.
  [[nodiscard]] Rows create_rows(const std::string& name,
                                 const std::vector<std::uint64_t>& row_shape, Meta meta,
                                 std::uint64_t expected_rows) const;
  //! Writes a one-dimensional dataset of UTF-8 strings.
  void write_strings(const std::string& name, const std::vector<std::string>& values,
                     const std::string& description) const;
  //! Reads a float64 dataset, checking its rank and, where `expect` gives
  //! them (0 = any), its extents; the shape read goes to *shape.
  [[nodiscard]] std::vector<double> read(const std::string& path,
                                         const std::vector<std::uint64_t>& expect = {},
                                         std::vector<std::uint64_t>* shape = nullptr) const;
  //! Reads a one-dimensional string dataset (checking its length when `expect` > 0).
  [[nodiscard]] std::vector<std::string> read_strings(const std::string& path,
                                                      std::uint64_t expect = 0) const;
  //! The shape of a dataset.
  [[nodiscard]] std::vector<std::uint64_t> shape(const std::string& path) const;

  //! Sets a UTF-8 string attribute on this group.
  void set_attr(const std::string& name, const std::string& value) const;
  //! Sets an integer attribute.
  void set_attr(const std::string& name, std::int64_t value) const;
  //! Sets a float64 attribute (a separate name: int arguments would be ambiguous).
  void set_double_attr(const std::string& name, double value) const;
  //! True when the object at `path` ("." for this group) has the attribute.
  [[nodiscard]] bool has_attr(const std::string& path, const std::string& name) const;
  //! A string attribute of the object at `path`.
  [[nodiscard]] std::string string_attr(const std::string& path, const std::string& name) const;
  //! An integer attribute of the object at `path`, checked to lie in [lo, hi].
  [[nodiscard]] std::int64_t int_attr(const std::string& path, const std::string& name,
                                      std::int64_t lo = INT64_MIN,
                                      std::int64_t hi = INT64_MAX) const;
  //! A float64 attribute of the object at `path`.
  [[nodiscard]] double double_attr(const std::string& path, const std::string& name) const;

  //! The file this group belongs to, for messages.
  [[nodiscard]] const std::string& file_name() const { return file_name_; }

 protected:
  friend class Rows;
  //! Labels this dataset, written as `name`, with `meta`, and attaches its
  //! dimensions to the scales registered by now.
  void label(const std::string& name, const Meta& meta) const;
  Group(std::int64_t id, std::string file_name,
        std::shared_ptr<std::vector<std::pair<std::string, std::string>>> scales);
  std::int64_t id_ = -1;  // an hid_t: HDF5 1.10 identifiers are 64-bit
  std::string file_name_;
  std::shared_ptr<std::vector<std::pair<std::string, std::string>>>
      scales_;  // dimension name -> its scale's path
};

//! A float64 dataset written a row at a time, in order (Group::create_rows):
//! it holds at most a chunk of rows, so its memory does not grow with them.
class Rows {
 public:
  //! Appends a row of the row shape's size.
  void append(std::span<const double> row);
  //! Writes what is held, then labels the dataset and attaches its scales
  //! (which must be registered by then). No row may follow.
  void finish();
  //! Rows appended so far.
  [[nodiscard]] std::uint64_t rows() const { return rows_; }

 private:
  friend class Group;
  Rows(Group set, std::string name, Meta meta, std::vector<std::uint64_t> row_shape,
       std::uint64_t chunk_rows);
  void flush();
  Group set_;
  std::string name_;
  Meta meta_;
  std::vector<std::uint64_t> row_shape_;
  std::uint64_t row_size_ = 1, chunk_rows_ = 1, rows_ = 0, written_ = 0;
  std::vector<double> held_;
  bool finished_ = false;
};

//! Bytes before the HDF5 data of a file placesim writes: a line with the
//! FNV-1a checksum of everything after it, checked before HDF5 reads a byte,
//! so a damaged or tampered file is refused instead of crashing HDF5.
inline constexpr std::size_t kUserBlock = 512;

//! An open HDF5 file; its root is a Group.
class File : public Group {
 public:
  //! Creates a new file; fails if it exists.
  static File create(const std::string& path);
  //! Opens a file read-only; a file placesim wrote must match its checksum.
  static File open(const std::string& path);
  //! Makes the 1-D dataset at `path` (already written) the dimension scale
  //! called `dim`, attached to dimensions of that name in datasets written afterwards.
  void register_scale(const std::string& path, const std::string& dim) const;
  //! Writes a scale of indices 0..n-1 at `path` and registers it as `dim`.
  void index_scale(const std::string& path, const std::string& dim, std::uint64_t n) const;
  //! Throws, with its cause, when the disk has refused a write to this
  //! (created) file: a long run learns of a full disk when it happens.
  void check_disk() const;
  //! HDF5's metadata cache for this file: {the most it may hold, what it holds},
  //! in HDF5's accounting (a file created here has a fixed limit).
  [[nodiscard]] std::pair<std::size_t, std::size_t> metadata_cache() const;
  //! Finishes the file: a created file, written to disk as it was built, is
  //! sealed here (its checksum) and synced; a write the disk refused while it
  //! was built (a full disk) throws here with its cause.
  void close();
  ~File() override;
  File(File&&) noexcept = default;
  File& operator=(File&&) noexcept = default;
  //! Rewrites the checksum of an image that carries our user block, as if
  //! placesim had written it: for fuzzing and tamper tests that forge files.
  static void reseal(std::string& image);

 private:
  using Group::Group;
  //! Writes our checksum of the image into its user block.
  static void seal(std::string& image);
  //! The user block holding the checksum `sum` of `bytes` bytes of HDF5 data.
  static std::string seal_block(std::uint64_t sum, std::size_t bytes);
  //! Seals a file on disk in place: its checksum into its user block, synced.
  static void seal_file(const std::string& path);
  //! Throws when an image carries no placesim checksum or does not match it.
  static void check_seal(const std::string& image, const std::string& path);
  std::shared_ptr<DiskStatus> disk_;  // created: what the disk refused while it was written
};

//! Checks the root attribute filetype is one of `types` and format_version is
//! `version`; throws a sentence naming the file otherwise. Returns the type.
std::string check_filetype(const File& f, const std::vector<std::string>& types,
                           std::int64_t version, const std::string& what);
//! The current time, UTC, ISO 8601 ("2026-11-23T10:00:00Z"), for provenance.
std::string utc_timestamp();

}  // namespace placesim::sim::h5
