#include "models/results/subgroups.h"

#include <limits>
#include <stdexcept>

#include "models/family/subgroups.h"

namespace placesim::models {
namespace {

const RegimeArrays& run_named(const Results& r, const std::string& name) {
  for (const RegimeArrays& a : r.runs) {
    if (a.name == name) return a;
  }
  throw std::invalid_argument("no regime named " + name + " in the results");
}

SubgroupSaving row(std::string dimension, std::string key, std::string label, std::size_t reps) {
  SubgroupSaving s{std::move(dimension), std::move(key), std::move(label), {}, {}, {}, {}, {}};
  for (auto* v : {&s.families, &s.worked_with, &s.reactive_avoided, &s.services_added, &s.net})
    v->assign(reps, 0.0);
  return s;
}

}  // namespace

std::vector<double> SubgroupSaving::per_family() const {
  std::vector<double> out(net.size(), std::numeric_limits<double>::quiet_NaN());
  for (std::size_t i = 0; i < net.size(); ++i) {
    if (families[i] > 0.0) out[i] = net[i] / families[i];
  }
  return out;
}

std::vector<SubgroupSaving> subgroup_savings(const Results& r, const Appraisal& ap) {
  const RegimeArrays& base = run_named(r, ap.baseline);
  const RegimeArrays& opt = run_named(r, ap.option);
  const std::size_t Y = r.year_count(), C = entry_cohorts(static_cast<int>(Y)), R = ap.reps;
  std::vector<SubgroupSaving> out;
  for (int p = 0; p < kProfiles; ++p)
    out.push_back(row("need_profile", need_profile_name(p), need_profile_label(p), R));
  for (std::size_t c = 0; c < C; ++c)
    out.push_back(
        row("entry_cohort", c == 0 ? "before_window" : r.years[c - 1],
            c == 0 ? "In the place when the window opened" : "Arrived in " + r.years[c - 1], R));
  SubgroupSaving rest = row("not_attributed", "not_attributed",
                            "Attached to no family: every service's places (prevention's "
                            "included), set-up, the starting state's episodes",
                            R);
  for (std::size_t rep = 0; rep < R; ++rep) {
    double attributed = 0.0;
    for (std::size_t c = 0; c < C; ++c) {
      for (std::size_t p = 0; p < kProfiles; ++p) {
        const std::size_t g = (rep * C + c) * kProfiles + p;
        double reactive = 0.0, services = 0.0;
        for (std::size_t t = 0; t < Y; ++t) {
          const std::size_t i =
              ((rep * Y + t) * C * kProfiles + c * kProfiles + p) * kSubgroupKinds;
          reactive += ap.discount[t] * (base.subgroup_spend[i + kSubgroupReactive] -
                                        opt.subgroup_spend[i + kSubgroupReactive]);
          services += ap.discount[t] * (opt.subgroup_spend[i + kSubgroupServices] -
                                        base.subgroup_spend[i + kSubgroupServices]);
        }
        attributed += reactive - services;
        for (SubgroupSaving* s : {&out[p], &out[kProfiles + c]}) {
          s->families[rep] += opt.subgroup_families[g];
          s->worked_with[rep] += opt.subgroup_worked_with[g];
          s->reactive_avoided[rep] += reactive;
          s->services_added[rep] += services;
          s->net[rep] += reactive - services;
        }
      }
    }
    rest.net[rep] = ap.npv[rep] - attributed;
  }
  out.push_back(std::move(rest));
  return out;
}

}  // namespace placesim::models
