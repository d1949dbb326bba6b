#include "models/results/results_stream.h"

#include <stdexcept>

#include "models/appraisal/appraisal_datasets.h"
#include "models/results/results_file.h"
#include "models/results/run_datasets.h"

namespace placesim::models {

ResultsStream::ResultsStream(const std::filesystem::path& tmp, const Results& labels,
                             std::size_t expected)
    : file_(h5::File::create(tmp.string())), labels_(labels.metric_labels()), expected_(expected) {
  for (const AppraisalDataset& d : appraisal_datasets()) {
    std::vector<std::uint64_t>& row = figure_shapes_.emplace_back();
    for (std::size_t i = 1; i < d.dims.size(); ++i) row.push_back(dim_extent(labels, d.dims[i]));
  }
  for (const RegimeArrays& run : labels.runs) {
    regimes_.push_back(run.name);
    const h5::Group grp = file_.create_group("runs/" + run.name);
    std::vector<h5::Rows>& rows = runs_.emplace_back();
    for (const RunDataset& d : run_datasets()) {
      std::vector<std::uint64_t> row;
      for (std::size_t i = 1; i < d.dims.size(); ++i) row.push_back(dim_extent(labels, d.dims[i]));
      rows.push_back(grp.create_rows(d.name, row, {d.dims, d.units, d.description}, expected));
    }
    const h5::Group metrics = grp.create_group("metrics");
    std::vector<h5::Rows>& columns = metrics_.emplace_back();
    for (const std::string& m : labels.metrics)
      columns.push_back(metrics.create_rows(m, {}, metric_meta(m), expected));
  }
}

void ResultsStream::add(const ReplicationRecord& rec) {
  if (rec.regimes.size() != runs_.size())
    throw std::logic_error("a replication's record does not match the results file's regimes");
  // Checked before any row of it is written, as check_finite does for a run held in memory.
  for (std::size_t g = 0; g < runs_.size(); ++g) {
    check_finite_values(rec.regimes[g].spend, "/runs/" + regimes_[g] + "/spend_by_category");
    check_finite_values(rec.regimes[g].events, "/runs/" + regimes_[g] + "/events");
  }
  const std::vector<RunDataset>& table = run_datasets();
  for (std::size_t g = 0; g < runs_.size(); ++g) {
    const RegimeRecord& x = rec.regimes[g];
    for (std::size_t d = 0; d < table.size(); ++d) runs_[g][d].append(run_row(table[d], x));
    const std::vector<double> m = metric_values(labels_, metric_inputs(x));
    if (m.size() != metrics_[g].size())
      throw std::logic_error("a replication's metrics do not match the results file's");
    for (std::size_t k = 0; k < m.size(); ++k) metrics_[g][k].append({&m[k], 1});
  }
  file_.check_disk();  // a full disk stops the run now, not at its end
}

void ResultsStream::add_option(const std::string& name, bool valued, bool main) {
  const std::size_t k = options_++;
  for (const std::string& path :
       main ? std::vector<std::string>{"appraisal", "appraisal/options/" + name}
            : std::vector<std::string>{"appraisal/options/" + name}) {
    const h5::Group g = file_.exists(path) ? file_.open_group(path) : file_.create_group(path);
    const std::vector<AppraisalDataset>& table = appraisal_datasets();
    for (std::size_t i = 0; i < table.size(); ++i) {
      const AppraisalDataset& d = table[i];
      if (d.social && !valued) continue;
      const std::vector<std::uint64_t>& row = figure_shapes_[i];
      std::size_t n = 1;
      for (const std::uint64_t x : row) n *= x;
      figures_.push_back({k, d.values, n,
                          g.create_rows(d.name, row, {d.dims, d.units, d.description}, expected_)});
    }
  }
}

void ResultsStream::add_figures(std::size_t k, const Appraisal& figures) {
  for (FigureRows& x : figures_) {
    if (x.option != k) continue;
    const std::vector<double>& v = figures.*x.values;
    if (v.size() < x.row) throw std::logic_error("an option's figures lack a replication's row");
    x.rows.append({v.data() + (v.size() - x.row), x.row});
  }
}

void ResultsStream::finish(const Results& r) {
  const auto check = [&](const h5::Rows& x) {
    if (x.rows() != r.replications)
      throw std::logic_error("the results file holds " + std::to_string(x.rows()) +
                             " replications of " + std::to_string(r.replications));
  };
  for (const auto* group : {&runs_, &metrics_}) {
    for (const auto& rows : *group) {
      for (const h5::Rows& x : rows) check(x);
    }
  }
  for (const FigureRows& x : figures_) check(x.rows);
  write_header(file_, r);
  write_dims(file_, r);  // the scales the rows attach to
  for (auto& rows : runs_) {
    for (h5::Rows& x : rows) x.finish();
  }
  for (auto& columns : metrics_) {
    for (h5::Rows& x : columns) x.finish();
  }
  for (FigureRows& x : figures_) x.rows.finish();
  write_tail(file_, r);
  file_.close();
}

}  // namespace placesim::models
