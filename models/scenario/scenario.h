#pragma once
//! A scenario after loading: typed, every value checked, immutable.
//! The file format is documented key by key in docs/scenario-format.md.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/scenario/mechanism.h"
#include "sim/random/distribution.h"

namespace placesim::models {

using Index = std::uint32_t;                    //!< index into a scenario table
inline constexpr Index kNoIndex = 0xffffffffu;  //!< "none" for an optional index
inline constexpr int kLevels = 3;               //!< need levels: none, moderate, high
inline constexpr std::size_t kMaxNeeds =
    32;  //!< need dimensions (a family's needs are a 32-bit set)
inline constexpr std::size_t kMaxServices =
    64;  //!< services (a family's services are a 64-bit set)
//! Event types: with the needs and leaving, a family's hazard clocks number
//! its random streams below its events' consequences' (purposes.h), and in
//! 13 bits, three numbers kept for its timers (clocks.h, FamilyCore::next_clock).
inline constexpr std::size_t kMaxEventTypes = 4000;
// A family keeps an effect slot per intervention, up to this many; with more
// interventions a new effect may displace another (counted, and warned of).
inline constexpr std::size_t kMaxEffects = 16;  //!< intervention effects a family holds at once
inline constexpr int kMaxYears = 200;           //!< financial years a scenario may appraise

//! A value that is either known or uncertain: an uncertain value is drawn once
//! per replication, the same draw for every regime.
struct Param {
  double value = 0.0;                     //!< the point value (the mean when uncertain)
  std::optional<sim::Distribution> dist;  //!< drawn per replication when present
  std::string path;                       //!< key path in the scenario, for reports
  //! True when the value is drawn per replication.
  [[nodiscard]] bool uncertain() const { return dist.has_value(); }
  bool operator==(const Param&) const = default;
};

//! Who pays: agency indices with shares summing to 1.
struct PayerSplit {
  std::vector<Index> agency;  //!< paying agencies
  std::vector<double> share;  //!< their shares
  bool operator==(const PayerSplit&) const = default;
};

//! An agency: a budget by simulated year and what it runs.
struct AgencySpec {
  std::string key;                //!< the scenario's name for it
  std::string label;              //!< display name
  std::vector<double> budget;     //!< £ per simulated year (warm-up first), real
  double rationing_at = 0.0;      //!< share of budget committed that triggers rationing (0: never)
  Index assessment = kNoIndex;    //!< its own assessment service
  double max_invest_share = 0.0;  //!< share of budget it may spend on bought places
  double transfer_share = 0.0;    //!< share of its reactive spend that is transfer payments
  bool operator==(const AgencySpec&) const = default;
};

//! One dimension of need, with levels none / moderate / high.
struct NeedSpec {
  std::string key;                           //!< e.g. "crime"
  std::string label;                         //!< display name
  Index owner = kNoIndex;                    //!< agency whose assessment looks at it
  std::array<double, kLevels> prevalence{};  //!< share at each level on entry
  std::array<Param, 2> escalate;             //!< per year: none->moderate, moderate->high
  std::array<Param, 2> improve;              //!< per year: moderate->none, high->moderate
  double waiting_escalation = 1.0;           //!< escalation multiplier while waiting
  std::array<Param, 2> cost_per_year;        //!< ongoing £ a year at moderate, high
  //! Social value lost a year (wellbeing, output) while a family lives with the
  //! need at moderate, high: not public spend, valued only in social_npv.
  std::array<Param, 2> social_cost_per_year;
  PayerSplit payer;       //!< who bears the ongoing cost
  double cashable = 0.0;  //!< cashable share of it
  bool operator==(const NeedSpec&) const = default;
};

//! Hazard multiplier of an event at moderate and high need on one dimension.
struct NeedMultiplier {
  Index need = kNoIndex;    //!< the dimension
  std::array<Param, 2> at;  //!< multipliers at moderate, high
  bool operator==(const NeedMultiplier&) const = default;
};

//! Referral to a service with a probability.
struct Referral {
  Index service = kNoIndex;  //!< where to
  double p = 0.0;            //!< probability per occurrence
  bool operator==(const Referral&) const = default;
};

//! Another event that follows with a probability and a delay.
struct FollowOn {
  Index event = kNoIndex;                                      //!< the event that follows
  double p = 0.0;                                              //!< probability
  sim::Distribution delay = sim::Distribution::constant(0.0);  //!< days after
  bool operator==(const FollowOn&) const = default;
};

//! A costly state that lasts: a care placement, a custodial sentence.
struct EpisodeSpec {
  sim::Distribution duration = sim::Distribution::constant(0.0);  //!< days
  Param cost_per_week;                                            //!< £ per week, real
  PayerSplit payer;                                               //!< who pays it
  double cashable = 0.0;               //!< share of the cost that is cashable
  std::vector<Index> replaces_needs;   //!< needs whose ongoing costs and changes it suspends
  std::vector<Index> replaces_events;  //!< events it makes impossible while it lasts
  bool operator==(const EpisodeSpec&) const = default;
};

//! Something that happens to a family and costs someone money.
struct EventSpec {
  std::string key;                                  //!< e.g. "arrest"
  std::string label;                                //!< display name
  Param rate;                                       //!< per family-year at no need
  std::vector<NeedMultiplier> needs;                //!< hazard multipliers by need
  Param unit_cost;                                  //!< £ per occurrence, real
  PayerSplit payer;                                 //!< who pays it
  Index referrer = kNoIndex;                        //!< agency whose referrals it makes
  double cashable = 0.0;                            //!< cashable share of the cost
  std::vector<std::pair<Index, double>> escalates;  //!< need +1 with probability
  std::vector<Referral> refer;                      //!< referrals it triggers
  std::vector<FollowOn> follow_on;                  //!< events it leads to
  std::optional<EpisodeSpec> episode;               //!< a lasting costly state it starts
  bool operator==(const EventSpec&) const = default;
};

//! What a service is for.
enum class ServiceKind : std::uint8_t { service, assessment, intervention };
//! How a service's queue is ordered.
enum class QueueRule : std::uint8_t { fifo, need };

//! Which families an intervention takes.
struct Eligibility {
  std::vector<Index> needs;  //!< dimensions that count
  int min_level = 1;         //!< 1 moderate, 2 high
  int min_count = 1;         //!< how many of them at min_level or above
  bool operator==(const Eligibility&) const = default;
};

//! What an intervention changes while it acts, and for how long after.
struct EffectSpec {
  std::vector<std::pair<Index, Param>> events;  //!< proportional hazard reductions
  std::vector<Index> needs;                     //!< needs it acts on (default: the eligible needs)
  Param improve;                                //!< multiplier on improvement of target needs
  Param escalate;                               //!< multiplier on escalation of target needs
  Param persistence_years;                      //!< mean years the effect lasts after exit
  Param dropout;                                //!< probability of leaving early
  double belief_scale = 1.0;                    //!< commissioners' expectation / true mean
  Param scale{1.0, std::nullopt, ""};           //!< multiplies every true effect (0: none)
  bool operator==(const EffectSpec&) const = default;
};

//! A service: the queueing core (capacity, duration, routing) and its role.
struct ServiceSpec {
  std::string key;                                                   //!< e.g. "key_worker"
  std::string label;                                                 //!< display name
  Index agency = kNoIndex;                                           //!< who runs and pays for it
  ServiceKind kind = ServiceKind::service;                           //!< role
  std::vector<std::uint32_t> capacity;                               //!< servers by simulated year
  sim::Distribution duration = sim::Distribution::exponential(1.0);  //!< days
  std::vector<Referral> on_exit;                                     //!< routing on completion
  QueueRule queue = QueueRule::fifo;                                 //!< queue order
  Param cost_per_episode;                                            //!< £ per episode started
  Param cost_per_place_year;      //!< £ per unit of capacity per year
  std::vector<Index> assesses;    //!< for assessments: needs looked at
  Eligibility eligible;           //!< for interventions: who qualifies
  EffectSpec effect;              //!< for interventions: what it does
  std::uint32_t max_places = 0;   //!< places that may be bought on top
  std::uint32_t queue_limit = 0;  //!< most families waiting (0: no limit)
  bool operator==(const ServiceSpec&) const = default;
};

//! External Poisson arrivals of new families into a service.
struct ArrivalSpec {
  Index into = kNoIndex;  //!< the service they join
  double per_day = 0.0;   //!< rate
  bool operator==(const ArrivalSpec&) const = default;
};

//! Families already in a service at the start date.
struct InitialService {
  Index service = kNoIndex;      //!< which service
  std::uint32_t in_service = 0;  //!< families being served
  std::uint32_t waiting = 0;     //!< families in its queue
  bool operator==(const InitialService&) const = default;
};

//! Families already in an event's episode (care, custody) at the start date.
struct InitialEpisode {
  Index event = kNoIndex;      //!< the event whose episode they are in
  std::uint32_t families = 0;  //!< how many
  bool operator==(const InitialEpisode&) const = default;
};

//! Payment by results: when a family worked with counts as "turned around".
struct ResultsRule {
  std::vector<std::pair<Index, double>>
      falls;        //!< (event, fall in its count) from a year before to a year after
  bool all = true;  //!< every fall (else any one)
  bool operator==(const ResultsRule&) const = default;
};

//! Payment by results in a regime: a payer outside the place's services pays
//! an agency for each family that starts an intervention and again for each
//! the results rule counts as turned around a year after it started.
struct PaymentByResults {
  Index intervention = kNoIndex;  //!< the intervention whose families are paid for
  Index payer = kNoIndex;         //!< the agency that pays (central government)
  Index payee = kNoIndex;         //!< the agency paid (the intervention's agency unless stated)
  double attachment_gbp = 0.0;    //!< £ paid when a family first starts the intervention
  double results_gbp = 0.0;       //!< £ paid when it is turned around
  double expected_share = 0.0;    //!< share turned around that commissioners expect (belief)
  ResultsRule rule;               //!< when a family counts as turned around
  bool operator==(const PaymentByResults&) const = default;
};

//! How agencies work together in one regime. The baseline (siloed unless a
//! scenario says otherwise) states how each agency works alone; every other
//! regime is an option, which differs from the baseline only through its
//! mechanisms, each of which can be switched off.
struct RegimeSpec {
  std::string key;                     //!< its name, e.g. "siloed", "pooled"
  bool baseline = false;               //!< the regime options are appraised against
  std::vector<char> pool;              //!< [agency] agencies in the pool (options)
  Param handoff_days;                  //!< mean delay of a referral between agencies
  Param lost_referrals;                //!< share of such referrals lost
  double decision_horizon_years = 1;   //!< years of savings a commissioner counts
  double assessment_valid_days = 365;  //!< how long an assessment stays current
  std::vector<double> contributions;   //!< [agency] share of its budget in the fund (options)
  Index assessment = kNoIndex;         //!< the joint assessment service (options)
  double double_running_years = 0;     //!< old assessments run on this long (options)
  std::vector<Param> setup_costs;      //!< £ by appraisal year (options)
  enum class GainShare : std::uint8_t {
    contributions,
    equal,
    none
  } gain_share = GainShare::contributions;        //!< how savings return to contributors
  std::optional<PaymentByResults> payment;        //!< payment by results (options)
  MechanismSet mechanisms = MechanismSet::all();  //!< which mechanisms are on (options)
  bool operator==(const RegimeSpec&) const = default;
};

//! A claimed net saving to hold the simulation against.
//! How a claimed saving was counted.
enum class ClaimBasis : std::uint8_t {
  net_counterfactual,  //!< baseline spend minus option spend, costs netted
  before_after,        //!< the families worked with: a year before against a year after
  gross,               //!< avoided spend against the baseline, costs not netted
};

//! What a claimed saving values.
enum class ClaimValue : std::uint8_t {
  fiscal,           //!< public spend avoided
  fiscal_cashable,  //!< the part a budget holder could release as cash
  economic,         //!< fiscal and wider economic value
};

//! One claim of a business case, on its own basis.
struct Claim {
  std::string label;        //!< as the business case words it
  Index agency = kNoIndex;  //!< kNoIndex: all agencies
  int first_year = 0;       //!< appraisal year index, inclusive
  int last_year = 0;        //!< appraisal year index, inclusive
  double gbp = 0.0;         //!< claimed saving (£, real at the base year), or
  double share = 0.0;       //!< claimed saving as a share (0-1) of baseline spend
  bool is_share = false;    //!< which of the two
  bool discounted = false;  //!< compare with the NPV rather than the plain sum
  ClaimBasis basis = ClaimBasis::net_counterfactual;  //!< how it was counted
  ClaimValue value_type = ClaimValue::fiscal;         //!< what it values
  bool net_of_costs =
      false;  //!< before_after: less the option's extra costs (prevention, set-up, joint team)
  double scope = 1.0;      //!< the simulated saving times this is the claim's quantity
  std::string scope_note;  //!< what the scope is, in words
  bool operator==(const Claim&) const = default;
};

//! A design of impact evaluation to emulate on the simulated families.
enum class Design : std::uint8_t {
  before_after,  //!< the families' cost in the year before entry against a year after
  rct,           //!< a share of referred families randomised away; the difference between arms
  matched,       //!< treated against untreated families of the same need profile
  true_effect,   //!< the same families' cost under the baseline (the CRN counterfactual)
};
inline constexpr std::size_t kDesigns = 4;  //!< how many designs there are

//! The evaluations a scenario emulates (its evaluation: block).
struct EvaluationSpec {
  Index intervention = kNoIndex;  //!< the intervention evaluated
  Index option = kNoIndex;        //!< the regime whose families are evaluated
  std::vector<Design> designs;    //!< the designs, in file order
  double trial = 0.5;             //!< rct: share of referred families randomised away
  ResultsRule results_rule;       //!< the payment-by-results rule (no falls: none)
  bool operator==(const EvaluationSpec&) const = default;
};

//! The social time preference schedule of the Green Book (2022, Annex A6):
//! (first year index, real rate) bands, each compounding from the end of the last.
std::vector<std::pair<int, double>> green_book_bands();

//! Green Book appraisal settings.
struct AppraisalSpec {
  std::vector<std::pair<int, double>> discount;  //!< (first year index, rate) bands
  std::array<double, 3> optimism_costs{};        //!< uplift on costs from [V], [S], [U] lines
  std::array<double, 3> optimism_benefits{};     //!< haircut on benefits from [V], [S], [U] lines
  bool operator==(const AppraisalSpec&) const = default;
};

//! A value and what the scenario says of its source (the Aqua Book's
//! assumptions log): the comment at the end of its line.
struct Assumption {
  std::string key;    //!< key path
  std::string value;  //!< as written ("" when it is written on the lines below)
  std::string tag;    //!< V (read in the source), S (secondary), U (assumed), set (an override)
  std::string note;   //!< the comment, or the override
  std::string where;  //!< file:line
};

//! The whole scenario.
struct Scenario {
  std::string name;             //!< title
  std::string description;      //!< free text
  int start_year = 2011;        //!< first appraisal year starts 1 April start_year
  int years = 10;               //!< appraisal years
  int warmup_years = 0;         //!< simulated years before the appraisal window
  int price_base_year = 2011;   //!< £ are real in prices of this financial year
  std::string deflator_source;  //!< where the GDP deflator comes from, in words
  //! Per appraisal year, its deflator over the price base year's (real £ times
  //! it is cash £); empty where the deflator has no value for the year.
  std::vector<std::optional<double>> price_index;
  std::uint64_t replications = 100;   //!< default number of replications
  std::uint64_t seed = 1;             //!< master seed
  std::vector<AgencySpec> agencies;   //!< agencies
  double need_correlation = 0.0;      //!< latent-factor correlation of needs
  double unmet_days = 365.0;          //!< how long an unmet referral escalates needs
  double targeting_accuracy = 0.5;    //!< correlation of commissioners' risk score with the truth
  std::vector<NeedSpec> needs;        //!< need dimensions
  std::uint32_t families = 0;         //!< closed cohort at the start
  Param leave_per_year;               //!< hazard of a family leaving the place
  std::vector<ArrivalSpec> arrivals;  //!< open arrivals
  std::vector<EventSpec> events;      //!< event types
  std::vector<ServiceSpec> services;  //!< services
  std::vector<InitialService> initial_services;  //!< starting caseloads and queues
  std::vector<InitialEpisode> initial_episodes;  //!< starting episodes
  std::vector<RegimeSpec> regimes;           //!< the baseline first, then the options in file order
  AppraisalSpec appraisal;                   //!< discounting and optimism bias
  std::string business_case_label;           //!< what the claims come from
  std::vector<Claim> claims;                 //!< the business case
  std::optional<EvaluationSpec> evaluation;  //!< designs of evaluation to emulate
  std::string effective_yaml;                //!< the scenario text with overrides applied
  std::string source;                        //!< file it came from ("(embedded default)")
  std::vector<Assumption> assumptions;       //!< every tagged value, then every override

  //! Simulated years: warm-up plus appraisal.
  [[nodiscard]] int simulated_years() const { return warmup_years + years; }
  //! Label of appraisal year t, e.g. "2011/12".
  [[nodiscard]] std::string year_label(int t) const;
  //! True when there is an option to appraise against the baseline.
  [[nodiscard]] bool has_options() const { return regimes.size() > 1; }
  //! Services of kind intervention.
  [[nodiscard]] std::size_t interventions() const;
  //! The option reported first (/appraisal): "pooled" when there is one, else the first.
  [[nodiscard]] Index main_option() const;
  //! Equality of everything but the provenance fields.
  [[nodiscard]] bool same_model(const Scenario& o) const;
};

}  // namespace placesim::models
