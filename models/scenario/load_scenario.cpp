// Loading a scenario: its names first (so keys can refer to anything), then
// every key by the tables of models/scenario/tables_*.cpp, then the checks
// that span keys.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <sstream>

#include "models/scenario/load.h"
#include "models/scenario/tables.h"
#include "sim/io/yaml_extends.h"
#include "sim/io/yaml_notes.h"

namespace placesim::models {
namespace detail {

const std::vector<std::string>& LoadContext::names(Names which) const {
  switch (which) {
    case Names::agency:
      return agency_names;
    case Names::need:
      return need_names;
    case Names::event:
      return event_names;
    case Names::service:
      return service_names;
  }
  return agency_names;
}

std::optional<PayerSplit> LoadContext::payer(const sim::YamlNode& n, const std::string& path) {
  PayerSplit out;
  if (n.is_scalar()) {
    auto a = r.ref(n, path, agency_names, "agency");
    if (!a) return std::nullopt;
    out.agency.push_back(*a);
    out.share.push_back(1.0);
    return out;
  }
  if (n.is_map()) {
    // An agency removed from the scenario: one error per share, saying where
    // it must go, rather than an unknown key and then a sum that is off.
    const auto known = [&](const sim::YamlNode& k) {
      return k.is_scalar() &&
             std::find(agency_names.begin(), agency_names.end(), k.scalar()) != agency_names.end();
    };
    std::size_t remain = 0;
    for (const auto& [key, value] : n.entries()) remain += known(key) ? 1 : 0;
    bool unknown = false;
    for (const auto& [key, value] : n.entries()) {
      if (!key.is_scalar() || known(key)) continue;
      unknown = true;
      const std::string hint = sim::closest_match(key.scalar(), agency_names);
      const std::string share = value.is_scalar() ? " " + value.scalar() : "";
      r.error(key, sim::join_path(path, key.scalar()),
              "unknown agency '" + key.scalar() + "'" +
                  (!hint.empty() ? "; did you mean '" + hint + "'?"
                   : remain > 0  ? ": its share" + share +
                                      " must move to the payers that remain, so the shares "
                                      "still sum to 1"
                                : ""),
              "agency names are: " + sim::join_names(agency_names));
    }
    if (unknown) {  // the known shares are still read, so a bad one is said in this pass
      for (const auto& [key, value] : n.entries()) {
        if (known(key))
          (void)r.number(value, sim::join_path(path, key.scalar()), sim::Bounds::probability());
      }
      return std::nullopt;
    }
  }
  if (!r.keys(n, path, agency_names)) return std::nullopt;
  double total = 0.0;
  bool ok = true;
  keyed(
      n, path, Names::agency,
      [&](const sim::YamlNode& v, const std::string& p) {
        auto share = r.number(v, p, sim::Bounds::probability());
        ok = ok && share;
        return share;
      },
      [&](Index a, double share) {
        out.agency.push_back(a);
        out.share.push_back(share);
        total += share;
      });
  if (!ok || out.agency.size() != n.size()) return std::nullopt;
  if (out.agency.empty() || std::fabs(total - 1.0) > 1e-6) {
    std::ostringstream o;
    o << "the shares add up to " << total;
    r.error(n, path, o.str(), "an agency name, or {agency: share, ...} with shares summing to 1");
    return std::nullopt;
  }
  return out;
}

std::vector<Referral> LoadContext::referrals(const sim::YamlNode& n, const std::string& path) {
  std::vector<Referral> out;
  read_list(*this, n, path, referral_table(), "{to: service, p: probability}", out,
            Referral{kNoIndex, 0.0});
  double total = 0.0;
  for (const Referral& x : out) total += x.p;
  if (total > 1.0 + 1e-9) {
    std::ostringstream o;
    o << "the probabilities add up to " << total;
    r.error(n, path, o.str(), "at most 1 in total; the rest leave");
  }
  return out;
}

std::vector<Index> LoadContext::name_list(const sim::YamlNode& n, const std::string& path,
                                          Names which) {
  std::vector<Index> out;
  if (!r.list(n, path, (std::string(names_word(which)) + " names").c_str())) return out;
  for (std::size_t i = 0; i < n.size(); ++i) {
    if (auto k =
            r.ref(n[i], sim::join_path(path, std::to_string(i)), names(which), names_word(which)))
      out.push_back(*k);
  }
  return out;
}

namespace {

std::vector<std::string> section_names(LoadContext& c, const sim::YamlNode& n,
                                       const std::string& path, const char* what) {
  return n.defined() ? c.r.names(n, path, what) : std::vector<std::string>{};
}

}  // namespace
}  // namespace detail

namespace {

constexpr const char* kWhat = "a scenario is a YAML mapping that starts with 'placesim: 1'";

// The grade of a source comment: the weakest of the "[V", "[S" and "[U" tags
// it holds (a line citing a source for one figure and assuming another is an
// assumption).
std::string source_tag(const std::string& comment) {
  std::string weakest;
  for (std::size_t at = comment.find('['); at != std::string::npos;
       at = comment.find('[', at + 1)) {
    const char g = at + 1 < comment.size() ? comment[at + 1] : ' ';
    const char after = at + 2 < comment.size() ? comment[at + 2] : ' ';
    if ((g != 'V' && g != 'S' && g != 'U') || (after != ']' && after != ':' && after != ' '))
      continue;
    if (weakest.empty() || std::string("VSU").find(g) > std::string("VSU").find(weakest[0]))
      weakest = std::string(1, g);
  }
  return weakest;
}

// Every value whose line carries a source tag, as written (before any
// override, so an overridden value keeps its line's grade).
std::vector<Assumption> tagged_lines(const sim::YamlDocument& doc, std::string_view text) {
  std::map<std::string, std::string> others;
  auto text_of = [&](const std::string& file) -> std::optional<std::string_view> {
    if (file == doc.file) return text;
    if (file == kDefaultScenarioName) return default_scenario_text();
    auto it = others.find(file);
    if (it == others.end()) {
      Diagnostics ignored;
      it = others.emplace(file, sim::read_text_file(file, ignored).value_or("")).first;
    }
    return std::string_view(it->second);
  };
  std::vector<Assumption> out;
  for (const sim::LineNote& n : sim::line_notes(doc, text_of)) {
    const std::string tag = source_tag(n.comment);
    if (!tag.empty())
      out.push_back(
          {n.path, n.value, tag, n.comment, n.where.file + ":" + std::to_string(n.where.line)});
  }
  return out;
}

// The comments of the tagged lines by key path, to be written back when the
// document is emitted merged or overridden: the grades of evidence (optimism
// bias) are read from them, and must survive a reload of the emitted text.
std::map<std::string, std::string> tag_comments(const std::vector<Assumption>& tagged) {
  std::map<std::string, std::string> out;
  for (const Assumption& a : tagged) {
    if (a.tag.size() == 1) out.emplace(a.key, a.note);  // not the overrides' entries
  }
  return out;
}

// Checks a parsed scenario; `text` is what was read when it is the whole
// scenario (kept, with its comments, as the effective scenario).
Loaded load_scenario_document(std::optional<sim::YamlDocument> doc, std::string_view text,
                              const std::vector<std::string>& overrides, Diagnostics& diags) {
  const std::string file = doc->file;
  std::vector<Assumption> assumptions = tagged_lines(*doc, text);
  sim::apply_overrides(*doc, overrides, diags);
  if (!diags.empty()) throw InputError(diags);
  ScenarioReader r(*doc, diags);
  Loaded out;
  Scenario& s = out.scenario;
  detail::LoadContext c{r, s, doc->root, {}, {}, {}, {}, {}};
  // Names first: any key may refer to an agency, need, event or service.
  c.agency_names = detail::section_names(c, c.section("agencies"), "agencies", "agencies");
  const sim::YamlNode needs = c.section("needs");
  if (needs.is_map())
    c.need_names =
        detail::section_names(c, needs.get("dimensions"), "needs.dimensions", "need dimensions");
  c.event_names = detail::section_names(c, c.section("events"), "events", "event types");
  c.service_names = detail::section_names(c, c.section("services"), "services", "services");
  // What holds when a section is absent.
  s.leave_per_year = Param{0.0, std::nullopt, "population.leave_per_year"};
  s.appraisal.discount = green_book_bands();
  RegimeSpec siloed;
  siloed.key = "siloed";
  siloed.handoff_days = {0.0, std::nullopt, "regimes.siloed.handoff_days"};
  siloed.lost_referrals = {0.0, std::nullopt, "regimes.siloed.lost_referrals"};
  s.regimes = {siloed};
  detail::read_table(c, doc->root, "", detail::top_table(), &s);
  detail::check_scenario(c);
  if (!diags.empty()) throw InputError(diags);
  // The assumptions log: every tagged line (an overridden one keeps its grade
  // but not its value), then every override.
  for (Assumption& a : assumptions) {
    for (const auto& [path, origin] : doc->overrides) {
      if (sim::under_path(a.key, path) || sim::under_path(path, a.key))
        a.value = "(overridden: see " + path + ")";
    }
  }
  for (const auto& [path, origin] : doc->overrides)
    assumptions.push_back({path, "", "set", origin.file, origin.file});
  s.assumptions = std::move(assumptions);
  const bool as_read = overrides.empty() && doc->extended.empty();
  // Written out, an overridden line keeps its source's comment (and grade),
  // marked as overridden so it does not read as the source of the new value.
  std::map<std::string, std::string> comments = tag_comments(s.assumptions);
  for (auto& [key, comment] : comments) {
    for (const auto& override_at : doc->overrides) {
      if (sim::under_path(key, override_at.first) || sim::under_path(override_at.first, key)) {
        comment += " (overridden)";
        break;
      }
    }
  }
  s.effective_yaml = as_read ? std::string(text) : sim::emit_yaml(doc->root, comments);
  s.source = file;
  out.warnings = std::move(c.warnings);
  return out;
}

// The scenario file parsed, with every file it extends merged in.
std::optional<sim::YamlDocument> read_scenario_document(const std::string& path,
                                                        std::optional<std::string>& text,
                                                        Diagnostics& diags) {
  text = sim::read_text_file(path, diags);
  if (!text) throw InputError(diags);
  auto doc = sim::parse_yaml(*text, path, diags, kWhat);
  const std::vector<sim::BuiltinDocument> builtin = {
      {"default", kDefaultScenarioName, default_scenario_text()}};
  if (!doc || !sim::resolve_extends(*doc, diags, kWhat, builtin, "placesim"))
    throw InputError(diags);
  return doc;
}

}  // namespace

std::vector<std::string> scenario_files(const std::string& path) {
  std::vector<std::string> out{path};
  for (const std::string& f : scenario_document(path).extended) {
    if (f != kDefaultScenarioName) out.push_back(f);
  }
  return out;
}

sim::YamlDocument scenario_document(const std::string& path) {
  Diagnostics diags;
  std::optional<sim::YamlDocument> doc;
  if (path.empty()) {
    doc = sim::parse_yaml(default_scenario_text(), kDefaultScenarioName, diags, kWhat);
    if (!doc) throw InputError(diags);
  } else {
    std::optional<std::string> text;
    doc = read_scenario_document(path, text, diags);
  }
  return std::move(*doc);
}

Loaded load_scenario_text(std::string_view text, const std::string& file,
                          const std::vector<std::string>& overrides) {
  Diagnostics diags;
  auto doc = sim::parse_yaml(text, file, diags, kWhat);
  if (!doc) throw InputError(diags);
  const sim::YamlNode extends = doc->root.get(sim::kExtendsKey);
  if (extends.defined()) {
    diags.error(doc->origin(extends, sim::kExtendsKey), sim::kExtendsKey,
                "is read only from a scenario file, not from scenario text",
                "the scenario with the files it extends merged in (placesim validate --effective)");
    throw InputError(diags);
  }
  return load_scenario_document(std::move(doc), text, overrides, diags);
}

Loaded load_scenario_file(const std::string& path, const std::vector<std::string>& overrides) {
  Diagnostics diags;
  std::optional<std::string> text;
  auto doc = read_scenario_document(path, text, diags);
  return load_scenario_document(std::move(doc), *text, overrides, diags);
}

std::string effective_scenario_text(const std::string& path) {
  Diagnostics diags;
  std::optional<std::string> text;
  auto doc = read_scenario_document(path, text, diags);
  return doc->extended.empty() ? *text
                               : sim::emit_yaml(doc->root, tag_comments(tagged_lines(*doc, *text)));
}

}  // namespace placesim::models

namespace placesim::models {

std::string effective_scenario_name(const std::string& path,
                                    const std::vector<std::string>& files) {
  return files.size() > 1 ? path + " (merged with the files it extends)" : path;
}

std::optional<NamedScenario> named_scenario(sim::Reader& r, const sim::YamlNode& n,
                                            const std::string& key_path, const std::string& dir,
                                            const std::string& relative_to) {
  auto v = r.text(n, key_path);
  if (!v) return std::nullopt;
  if (*v == "default")
    return NamedScenario{kDefaultScenarioName, std::string(default_scenario_text()), ""};
  namespace fs = std::filesystem;
  const fs::path p = fs::path(*v).is_absolute() ? fs::path(*v) : fs::path(dir) / *v;
  try {
    NamedScenario out;
    out.text = effective_scenario_text(p.string());  // the files it extends merged in
    out.path = p.string();
    // Named without "calibrations/../": the files are read by the path as given.
    out.name = effective_scenario_name(p.lexically_normal().string(), scenario_files(p.string()));
    return out;
  } catch (const InputError& e) {
    const auto& first = e.diagnostics().all().front();
    r.error(n, key_path,
            "cannot read the scenario " + p.string() + ": " + first.problem +
                (e.diagnostics().size() > 1 ? " (and more; run placesim validate on it)" : ""),
            "a scenario file, relative to " + relative_to + ", or 'default'");
    return std::nullopt;
  }
}

}  // namespace placesim::models
