#pragma once
//! Small RAII wrappers over the HDF5 C API: files, groups, double and string
//! datasets with their attributes. Errors become exceptions, never stack dumps.

#include <hdf5.h>

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace placesim::models::h5 {

//! An HDF5 failure, with what was being done.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

//! Owns an HDF5 identifier and closes it with the right function.
class Handle {
 public:
  Handle() = default;
  Handle(hid_t id, herr_t (*close)(hid_t)) : id_(id), close_(close) {}
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  Handle(Handle&& o) noexcept : id_(o.id_), close_(o.close_) { o.id_ = -1; }
  Handle& operator=(Handle&& o) noexcept;
  ~Handle();
  //! The identifier.
  [[nodiscard]] hid_t id() const { return id_; }

 private:
  hid_t id_ = -1;
  herr_t (*close_)(hid_t) = nullptr;
};

//! Creates a new file (fails if it exists).
Handle create_file(const std::string& path);
//! Opens a file read-only.
Handle open_file(const std::string& path);
//! Creates a group (and missing parents) below `parent`.
Handle create_group(hid_t parent, const std::string& path);
//! True when `path` names an object in the file.
bool exists(hid_t file, const std::string& path);

//! A float64 dataset with the given shape, labelled with its dimensions,
//! unit and meaning.
void write_doubles(hid_t parent, const std::string& name, const std::vector<hsize_t>& shape,
                   const std::vector<double>& data, const std::vector<std::string>& dims,
                   const std::string& units, const std::string& description);
//! A one-dimensional dataset of UTF-8 strings.
void write_strings(hid_t parent, const std::string& name, const std::vector<std::string>& values,
                   const std::string& description);
//! Reads a float64 dataset; returns its shape in `shape`.
std::vector<double> read_doubles(hid_t file, const std::string& path, std::vector<hsize_t>* shape = nullptr);
//! Reads a one-dimensional string dataset.
std::vector<std::string> read_strings(hid_t file, const std::string& path);

//! Creates `path` crash-safely: body(file) writes into a temporary file beside
//! it, which is renamed into place only when complete (removed on failure).
void write_file_safely(const std::string& path, const std::function<void(hid_t)>& body);
//! Checks the root attribute filetype is one of `types` and format_version is
//! `version`; throws a sentence naming the file otherwise. Returns the type.
std::string check_filetype(hid_t file, const std::string& path, const std::vector<std::string>& types,
                           std::int64_t version, const std::string& what);
//! The current time, UTC, ISO 8601 ("2026-11-23T10:00:00Z"), for provenance.
std::string utc_timestamp();

//! Sets a UTF-8 string attribute.
void set_attr(hid_t obj, const std::string& name, const std::string& value);
//! Sets an integer attribute.
void set_attr(hid_t obj, const std::string& name, std::int64_t value);
//! Sets a float64 attribute (a separate name: int arguments would be ambiguous).
void set_double_attr(hid_t obj, const std::string& name, double value);
//! Reads a string attribute of the object at `path` ("/" for the file).
std::string get_string_attr(hid_t file, const std::string& path, const std::string& name);
//! Reads an integer attribute of the object at `path`.
std::int64_t get_int_attr(hid_t file, const std::string& path, const std::string& name);
//! Reads a float64 attribute of the object at `path`.
double get_double_attr(hid_t file, const std::string& path, const std::string& name);
//! True when the object at `path` has the attribute.
bool has_attr(hid_t file, const std::string& path, const std::string& name);

}  // namespace placesim::models::h5
