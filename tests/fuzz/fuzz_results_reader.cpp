// libFuzzer target for results files, as `placesim report` reads them: any
// input must be read (then reported without fault) or refused with an
// h5::Error. Any other exception, a crash, a leak or a hang is a bug.
#include <cstddef>
#include <cstdint>

#include "fuzz_file.h"
#include "models/report/report.h"
#include "models/results/csv_writer.h"
#include "models/results/results.h"
#include "sim/io/h5.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  placesim::fuzz::InputFile in(data, size, ".h5", placesim::fuzz::reseal_inputs());
  if (placesim::fuzz::refused_in_child([&] { (void)placesim::models::read_results_h5(in.path()); },
                                       in.path()))
    return 0;
  placesim::models::Results r;
  try {
    r = placesim::models::read_results_h5(in.path());
  } catch (const placesim::sim::h5::Error&) {
    return 0;  // refused: the expected outcome for a damaged file
  }
  (void)placesim::models::report_html(r);
  (void)placesim::models::csv_texts(r);
  return 0;
}
