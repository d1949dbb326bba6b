// The workbook's sheet of each option's NPV by subgroup of families, as subgroups.csv.
#include "models/results/subgroups.h"
#include "models/results/workbook_sheets.h"
#include "sim/stats/summary.h"

namespace placesim::models {

using sim::xlsx::Sheet;
using sim::xlsx::Style;

void write_subgroups(Sheet& s, const Results& r) {
  s.text(0, 0, "Which families the saving comes from", Style::title);
  s.text(1, 0,
         "Each option's NPV before optimism bias (£ discounted, means over the replications) by "
         "the families' need profile when they entered (or when the window opened) and by when "
         "they entered. A subgroup's row is the saving on its families' own spend: their events, "
         "episodes and needs, less services charged by the episode. Every service's places, "
         "prevention's included, cost the same whoever fills them and attach to no family: the "
         "last row of each option, with set-up. The rows of either dimension with it add up to "
         "the NPV. As subgroups.csv; no spread at one replication.",
         Style::note);
  const std::vector<std::string> head = {"Option",
                                         "Dimension",
                                         "Subgroup",
                                         "Families",
                                         "Worked with",
                                         "Reactive spend avoided",
                                         "Services per episode added",
                                         "Saving on own spend",
                                         "5th pct",
                                         "95th pct",
                                         "Saving on own spend per family"};
  for (std::size_t c = 0; c < head.size(); ++c) s.text(3, c, head[c], Style::header);
  std::size_t row = 4;
  for (const Appraisal& ap : r.options) {
    for (const SubgroupSaving& g : subgroup_savings(r, ap)) {
      s.text(row, 0, ap.option);
      s.text(row, 1, g.dimension);
      s.text(row, 2, g.label);
      const sim::Summary net = sim::summarize(g.net);
      if (g.dimension != "not_attributed") {
        s.number(row, 3, sim::summarize(g.families).mean, Style::decimal);
        s.number(row, 4, sim::summarize(g.worked_with).mean, Style::decimal);
        s.number(row, 5, sim::summarize(g.reactive_avoided).mean, Style::money);
        s.number(row, 6, sim::summarize(g.services_added).mean, Style::money);
        s.number(row, 10, sim::summarize(g.per_family()).mean, Style::money);
      }
      s.number(row, 7, net.mean, Style::money);
      s.number(row, 8, net.n > 1 ? net.p5 : NAN, Style::money);
      s.number(row, 9, net.n > 1 ? net.p95 : NAN, Style::money);
      ++row;
    }
  }
  if (r.options.empty()) s.text(row, 0, "This run has no option to appraise.", Style::note);
  s.width(0, 1, 14);
  s.width(2, 2, 40);
  s.width(3, head.size() - 1, 16);
  s.freeze(4, 3);
}

}  // namespace placesim::models
