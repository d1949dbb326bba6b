// The tables of event types: hazards, costs, payers and consequences.
#include "models/scenario/tables.h"

namespace placesim::models::detail {
namespace {

const sim::Bounds& kRate = kEventRate;

std::optional<NeedMultiplier> multiplier(LoadContext& c, const sim::YamlNode& n,
                                         const std::string& p) {
  if (!n.is_list() || n.size() != 2) {
    c.r.error(n, p, "expected a list of two multipliers", "[at moderate, at high]");
    return std::nullopt;
  }
  NeedMultiplier m{kNoIndex, {}};
  bool ok = true;
  for (std::size_t i = 0; i < 2; ++i) {
    auto x = c.r.param(n[i], sim::join_path(p, std::to_string(i)), kMultiplier);
    if (x)
      m.at[i] = *x;
    else
      ok = false;
  }
  if (!ok) return std::nullopt;
  return m;
}

}  // namespace

const Table& referral_table() {
  static const Table t{
      "referral",
      "{to, p}",
      "A referral to a service, made with a probability.",
      {
          name_of("to", &Referral::service, Names::service, "the service referred to").must(),
          number("p", &Referral::p, sim::Bounds::probability(), "probability of the referral")
              .must(),
      }};
  return t;
}

const Table& follow_on_table() {
  static const Table t{
      "follow_on",
      "events.NAME.follow_on[i]",
      "Another event that follows with a probability and a delay.",
      {
          name_of("event", &FollowOn::event, Names::event, "the event that follows").must(),
          number("p", &FollowOn::p, sim::Bounds::probability(), "probability that it follows")
              .must(),
          duration("delay", &FollowOn::delay, "how long after").or_else("0").in("days"),
      }};
  return t;
}

const Table& replaces_table() {
  static const Table t{
      "replaces",
      "events.NAME.episode.replaces",
      "What an episode stands in for while it lasts.",
      {
          custom<EpisodeSpec>(
              "needs", list_type(name_type("need")),
              "needs whose ongoing costs stop and whose level holds still",
              [](LoadContext& c, const sim::YamlNode& n, const std::string& p, EpisodeSpec& ep) {
                ep.replaces_needs = c.name_list(n, p, Names::need);
              })
              .or_else("none"),
          custom<EpisodeSpec>(
              "events", list_type(name_type("event")),
              "events that cannot happen to the family meanwhile",
              [](LoadContext& c, const sim::YamlNode& n, const std::string& p, EpisodeSpec& ep) {
                ep.replaces_events = c.name_list(n, p, Names::event);
              })
              .or_else("none"),
      }};
  return t;
}

const Table& episode_table() {
  static const Table t{
      "episode",
      "events.NAME.episode",
      "A costly state an event starts and that lasts: a care placement, a sentence.",
      {
          duration("duration", &EpisodeSpec::duration, "how long it lasts").must().in("days"),
          money("cost_per_week", &EpisodeSpec::cost_per_week, "what it costs while it lasts")
              .in("£ a week")
              .or_else("0"),
          payer("payer", &EpisodeSpec::payer, "who pays it").or_else("the event's payer"),
          number("cashable", &EpisodeSpec::cashable, sim::Bounds::probability(),
                 "share of the cost that is cashable")
              .or_else("the event's"),
          custom<EpisodeSpec>(
              "replaces", table_type(replaces_table()),
              "what the episode stands in for while it lasts: custody for the costs of a "
              "crime need and the arrests it drives, care for a child's welfare need",
              [](LoadContext& c, const sim::YamlNode& n, const std::string& p, EpisodeSpec& ep) {
                read_table(c, n, p, replaces_table(), &ep);
              })
              .or_else("nothing: the family's needs cost and change as before"),
      }};
  return t;
}

const Table& event_table() {
  static const Table t{
      "event",
      "events.NAME",
      "Something that happens to a family and costs someone money.",
      {
          text("label", &EventSpec::label, "display name").or_else("the event's name"),
          param("rate_per_year", &EventSpec::rate, kRate, "hazard of a family with no need")
              .must()
              .in("per family-year"),
          custom<EventSpec>(
              "needs", keyed_type("need", list_type(param_type(kMultiplier), 2)),
              "hazard multipliers at moderate and at high need on a dimension",
              [](LoadContext& c, const sim::YamlNode& n, const std::string& p, EventSpec& e) {
                c.keyed(
                    n, p, Names::need,
                    [&](const sim::YamlNode& v, const std::string& q) {
                      return multiplier(c, v, q);
                    },
                    [&](Index need, NeedMultiplier m) {
                      m.need = need;
                      e.needs.push_back(m);
                    });
              })
              .or_else("none"),
          money("unit_cost", &EventSpec::unit_cost, "what one occurrence costs")
              .in("£")
              .or_else("0"),
          payer("payer", &EventSpec::payer, "who pays it (required with a cost)"),
          name_of("referrer", &EventSpec::referrer, Names::agency,
                  "the agency whose referrals it makes (a referral to another agency's service "
                  "is a handoff)")
              .or_else("the payer, when one agency pays"),
          number("cashable", &EventSpec::cashable, sim::Bounds::probability(),
                 "share of the cost a payer could release as cash if the event were avoided")
              .or_else("0"),
          custom<EventSpec>(
              "escalates", keyed_type("need", number_type(sim::Bounds::probability())),
              "probability that the event raises a need by one level",
              [](LoadContext& c, const sim::YamlNode& n, const std::string& p, EventSpec& e) {
                c.keyed(
                    n, p, Names::need,
                    [&](const sim::YamlNode& v, const std::string& q) {
                      return c.r.number(v, q, sim::Bounds::probability());
                    },
                    [&](Index need, double prob) { e.escalates.emplace_back(need, prob); });
              })
              .or_else("none"),
          custom<EventSpec>("refer", list_type(table_type(referral_table())),
                            "referrals it triggers (probabilities summing to at most 1)",
                            [](LoadContext& c, const sim::YamlNode& n, const std::string& p,
                               EventSpec& e) { e.refer = c.referrals(n, p); })
              .or_else("none"),
          custom<EventSpec>(
              "follow_on", list_type(table_type(follow_on_table())), "events it leads to",
              [](LoadContext& c, const sim::YamlNode& n, const std::string& p, EventSpec& e) {
                read_list(c, n, p, follow_on_table(),
                          "{event: name, p: probability, delay: duration}", e.follow_on);
              })
              .or_else("none"),
          custom<EventSpec>(
              "episode", table_type(episode_table()), "a lasting costly state it starts",
              [](LoadContext& c, const sim::YamlNode& n, const std::string& p, EventSpec& e) {
                EpisodeSpec ep;
                ep.payer = e.payer;  // what the episode does not say, it takes from the event
                ep.cashable = e.cashable;
                ep.cost_per_week.path = sim::join_path(p, "cost_per_week");
                if (read_table(c, n, p, episode_table(), &ep)) e.episode = ep;
              })
              .or_else("none"),
      }};
  return t;
}

}  // namespace placesim::models::detail
