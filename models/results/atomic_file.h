#pragma once
//! Writing files so that a crash never leaves half of one behind.

#include <filesystem>
#include <string>
#include <string_view>

namespace placesim::models {

//! A temporary path next to `target` (same folder, so rename is atomic).
std::filesystem::path temporary_beside(const std::filesystem::path& target);
//! Writes text to a temporary file beside `path`, then renames it into place.
void write_file_atomically(const std::filesystem::path& path, std::string_view text);
//! Flushes a finished temporary file to disk and renames it over `path`.
void commit_file(const std::filesystem::path& tmp, const std::filesystem::path& path);

}  // namespace placesim::models
