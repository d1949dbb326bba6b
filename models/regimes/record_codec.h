#pragma once
//! A replication's record as a flat run of doubles, so records computed on
//! other MPI ranks reach rank 0 bit for bit (every field round-trips exactly).

#include <cstdint>
#include <vector>

#include "models/family/record.h"

namespace placesim::models {

//! Appends replication `rep`'s record to `out`. Per-family histories are not
//! carried (a finished replication has dropped them); one left is an error.
void encode_record(std::uint64_t rep, const ReplicationRecord& r, std::vector<double>& out);

//! A record read back by decode_records, with its replication index.
struct DecodedRecord {
  std::uint64_t rep = 0;     //!< the replication it belongs to
  ReplicationRecord record;  //!< its contents
};

//! Every record in `flat` (written by encode_record, one after another);
//! throws std::runtime_error on a run of doubles that is not one.
std::vector<DecodedRecord> decode_records(const std::vector<double>& flat);

}  // namespace placesim::models
