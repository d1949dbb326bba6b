// libFuzzer target for sweep and shard files, as `placesim merge` and
// `placesim report` read them: read, or refused with an h5::Error.
#include <cstddef>
#include <cstdint>

#include "fuzz_file.h"
#include "models/report/report.h"
#include "models/studies/sweep_table.h"
#include "sim/io/h5.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  placesim::fuzz::InputFile in(data, size, ".h5", placesim::fuzz::reseal_inputs());
  std::uint64_t k = 0, n = 0;
  if (placesim::fuzz::refused_in_child(
          [&] {
            std::uint64_t a = 0, b = 0;
            (void)placesim::models::read_sweep_h5(in.path(), &a, &b);
          },
          in.path()))
    return 0;
  placesim::models::SweepTable t;
  try {
    t = placesim::models::read_sweep_h5(in.path(), &k, &n);
  } catch (const placesim::sim::h5::Error&) {
    return 0;
  }
  if (n == 0) (void)placesim::models::sweep_report_html(t);
  return 0;
}
