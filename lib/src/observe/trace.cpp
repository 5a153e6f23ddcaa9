// The timeline trace: per-thread event buffers, and the Chrome Trace Event Format writer.
// A wake-up arrow (flow) starts on the waker's running slice when wait_op::wake runs, and ends
// on the woken fiber's next running slice; the id travels in the fiber's record. A value in or
// out of a channel is an event of its own ('v'), counted per named channel for run_traced
// (not written to the file: Perfetto would need a counter track per channel).
#include "trace.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "go/detail/runtime.hpp"
#include "go/testing_trace.hpp"

namespace go::detail {

fiber_record* record_of(boost::fibers::context* ctx) noexcept;  // runtime.cpp

namespace {

enum class track : std::uint8_t { worker, fiber, channel };

struct event {
  std::int64_t ns;           // since the run started
  std::uint64_t fiber;       // channel track: the channel's address
  const char* state;         // fiber track: "running", "runnable" or the operation; null for E;
                             // channel track: "sent" or "received"
  std::uint32_t worker;
  char phase;                // 'B', 'E'; 's', 'f' (a wake-up arrow, id in `flow`); 'i' (instant); 'x' (exit);
                             // 'v' (a value); 'b', 'e' (a go::testing::stage_span, `state` its stage)
  track on;
  std::uint64_t flow = 0;
};

static_assert(sizeof(event) == 40, "the memory bound in trace.hpp and docs/observing.md says 40 bytes");

struct spawn_info {
  std::uint64_t id;
  std::string name;
  std::source_location site;
};

// channel_name: go::testing::name_channel's record; the channel's values count from `ns` on.
struct channel_name {
  std::int64_t ns;
  std::uint64_t channel;
  std::string name;
};

}  // namespace

struct trace_buffer {
  explicit trace_buffer(unsigned worker_index, std::chrono::steady_clock::time_point run_start)
      : worker{worker_index}, start{run_start} {
    events.reserve(4096);
  }
  void add(char phase, track on, std::uint64_t fiber, const char* state = nullptr, std::uint64_t flow = 0) noexcept {
    if (events.size() >= max_events_per_thread) {
      ++dropped;
      return;
    }
    const auto now = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start);
    events.push_back({now.count(), fiber, state, worker, phase, on, flow});
  }

  const unsigned worker;
  const std::chrono::steady_clock::time_point start;
  std::vector<event> events;
  std::vector<spawn_info> spawns;
  std::vector<channel_name> channel_names;
  std::uint64_t dropped = 0;
  const fiber_record* running = nullptr;  // the fiber this worker runs now, if traced
};

constinit thread_local trace_buffer* thread_trace = nullptr;

namespace {

struct trace_session {
  std::string path;
  go::testing::run_trace* capture = nullptr;  // in memory instead of a file
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  std::mutex mutex;
  std::vector<std::unique_ptr<trace_buffer>> buffers;  // guarded by mutex
};

thread_local go::testing::run_trace* capture_next = nullptr;

std::mutex sessions_mutex;
std::map<const runtime*, std::unique_ptr<trace_session>> sessions;  // guarded by sessions_mutex

void open_running(trace_buffer& buffer, fiber_record& record) noexcept {
  buffer.add('E', track::fiber, record.id);  // ends "runnable"
  buffer.add('B', track::fiber, record.id, "running");
  buffer.add('B', track::worker, record.id);
  if (const std::uint64_t flow = record.trace_flow.exchange(0)) buffer.add('f', track::fiber, record.id, "wake", flow);
  buffer.running = &record;
}

std::atomic<std::uint64_t> next_flow{1};

void close_running(trace_buffer& buffer, const char* next_state) noexcept {
  const std::uint64_t id = buffer.running->id;
  buffer.add('E', track::worker, id);
  buffer.add('E', track::fiber, id);
  if (next_state != nullptr) buffer.add('B', track::fiber, id, next_state);
  buffer.running = nullptr;
}

std::string json_string(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) continue;
    out += c;
  }
  return out + '"';
}

// count_values: the values into and out of each named channel, from its naming on. A channel's
// address may be reused by a later channel, which a later naming then stands for.
void count_values(const std::vector<event>& all, std::vector<channel_name> names, go::testing::run_trace& into) {
  std::stable_sort(names.begin(), names.end(), [](const channel_name& a, const channel_name& b) { return a.ns < b.ns; });
  std::map<std::uint64_t, std::size_t> current;  // channel address -> its latest naming, in into.channels
  auto next_name = names.begin();
  for (const event& e : all) {
    for (; next_name != names.end() && next_name->ns <= e.ns; ++next_name) {
      current[next_name->channel] = into.channels.size();
      into.channels.push_back({std::move(next_name->name), 0, 0});
    }
    if (e.phase != 'v') continue;
    const auto named = current.find(e.fiber);
    if (named == current.end()) continue;
    go::testing::traced_channel& channel = into.channels[named->second];
    ++(std::string_view{e.state} == "sent" ? channel.sent : channel.received);
  }
  for (; next_name != names.end(); ++next_name) into.channels.push_back({std::move(next_name->name), 0, 0});
}

// collect_spans: the stage_spans, each begin paired with the latest open one of its fiber and stage.
void collect_spans(const std::vector<event>& all, go::testing::run_trace& into) {
  std::map<std::pair<std::uint64_t, std::string_view>, std::vector<std::size_t>> open;  // -> into.spans
  for (const event& e : all) {
    if (e.phase != 'b' && e.phase != 'e') continue;
    std::vector<std::size_t>& spans = open[{e.fiber, e.state}];
    if (e.phase == 'b') {
      spans.push_back(into.spans.size());
      into.spans.push_back({e.state, e.fiber, e.ns, -1});
    } else if (!spans.empty()) {
      into.spans[spans.back()].end_ns = e.ns;
      spans.pop_back();
    }
  }
}

// summarize: the fibers' lives, the stage_spans and the named channels' values, for
// go::testing::run_trace.
void summarize(const std::vector<event>& all, const std::vector<spawn_info>& spawns,
               std::vector<channel_name> names, std::int64_t end_ns, go::testing::run_trace& into) {
  // A failed run's fibers unwind after its deadlock, leak or panic mark: their states then are
  // what the run left them in.
  std::int64_t final_ns = end_ns;
  const auto mark = std::find_if(all.begin(), all.end(), [](const event& e) { return e.phase == 'i'; });
  if (mark != all.end()) final_ns = mark->ns;
  std::map<std::uint64_t, go::testing::traced_fiber> fibers;
  for (const spawn_info& spawn : spawns) fibers[spawn.id] = {spawn.id, spawn.name, -1, -1, "runnable"};
  for (const event& e : all) {
    if (e.on != track::fiber) continue;
    go::testing::traced_fiber& fiber = fibers[e.fiber];
    if (e.phase == 'x') fiber.ended_ns = e.ns;
    if (e.phase != 'B') continue;
    if (e.ns <= final_ns) fiber.last_state = e.state;
    if (fiber.started_ns < 0 && std::string_view{e.state} == "running") fiber.started_ns = e.ns;
  }
  into.end_ns = end_ns;
  into.final_ns = final_ns;
  for (auto& [id, fiber] : fibers) into.fibers.push_back(std::move(fiber));
  count_values(all, std::move(names), into);
  collect_spans(all, into);
}

void write_trace(trace_session& session) {
  std::vector<event> all;
  std::vector<spawn_info> spawns;
  std::vector<channel_name> names;
  std::uint64_t dropped = 0;
  std::uint32_t workers = 0;
  for (const auto& buffer : session.buffers) {
    all.insert(all.end(), buffer->events.begin(), buffer->events.end());
    spawns.insert(spawns.end(), buffer->spawns.begin(), buffer->spawns.end());
    names.insert(names.end(), buffer->channel_names.begin(), buffer->channel_names.end());
    dropped += buffer->dropped;
    workers = std::max(workers, buffer->worker + 1);
  }
  // Buffers are per thread, a fiber's track per fiber: merge by time (stable, so that events of
  // one thread with equal timestamps keep their order).
  std::stable_sort(all.begin(), all.end(), [](const event& a, const event& b) { return a.ns < b.ns; });
  const std::int64_t end_ns = all.empty() ? 0 : all.back().ns;
  if (session.capture != nullptr) {
    summarize(all, spawns, std::move(names), end_ns, *session.capture);
    return;
  }
  std::set<std::uint64_t> flows_ended;  // a fiber woken as the run ended never ran again: no arrow
  for (const event& e : all) {
    if (e.phase == 'f') flows_ended.insert(e.flow);
  }

  std::ofstream out{session.path};
  out << "{\"displayTimeUnit\":\"ns\",\"otherData\":{\"dropped_events\":" << dropped << "},\"traceEvents\":[\n";
  out << R"({"ph":"M","pid":1,"name":"process_name","args":{"name":"worker threads"}},)" << '\n';
  out << R"({"ph":"M","pid":2,"name":"process_name","args":{"name":"fibers"}})";
  for (std::uint32_t worker = 0; worker < workers; ++worker) {
    out << ",\n{\"ph\":\"M\",\"pid\":1,\"tid\":" << worker << R"(,"name":"thread_name","args":{"name":"worker )"
        << worker << "\"}}";
  }
  for (const spawn_info& spawn : spawns) {
    std::string label = "fiber " + std::to_string(spawn.id);
    if (!spawn.name.empty()) label += " " + spawn.name;
    out << ",\n{\"ph\":\"M\",\"pid\":2,\"tid\":" << spawn.id << R"(,"name":"thread_name","args":{"name":)"
        << json_string(label) << "}}";
    out << ",\n{\"ph\":\"M\",\"pid\":2,\"tid\":" << spawn.id << R"(,"name":"thread_sort_index","args":{"sort_index":)"
        << spawn.id << "}}";
  }
  std::map<std::pair<int, std::uint64_t>, int> open;  // (pid, tid) -> spans begun and not ended
  auto write = [&](char phase, int pid, std::uint64_t tid, std::int64_t ns, const std::string& name,
                   const std::string& more = {}) {
    out << ",\n{\"ph\":\"" << phase << "\",\"pid\":" << pid << ",\"tid\":" << tid << ",\"ts\":" << ns / 1000 << '.'
        << std::to_string(1000 + ns % 1000).substr(1);
    if (!name.empty()) out << ",\"name\":" << json_string(name);
    out << more << '}';
  };
  for (const event& e : all) {
    const int pid = e.on == track::worker ? 1 : 2;
    const std::uint64_t tid = e.on == track::worker ? e.worker : e.fiber;
    int& depth = open[{pid, tid}];
    if (e.phase == 'x' || e.phase == 'v' || e.phase == 'b' || e.phase == 'e' ||
        (e.phase == 's' && !flows_ended.contains(e.flow))) {
      continue;
    }
    if (e.phase == 's' || e.phase == 'f') {
      // An arrow from the waker's running slice to the woken fiber's next one.
      write(e.phase, pid, tid, e.ns, e.state, ",\"cat\":\"wake\",\"id\":" + std::to_string(e.flow) + (e.phase == 'f' ? ",\"bp\":\"e\"" : ""));
    } else if (e.phase == 'i') {
      write('i', pid, tid, e.ns, e.state, ",\"s\":\"g\"");  // a line across every track
    } else if (e.phase == 'E') {
      if (depth == 0) continue;  // its begin was dropped with a full buffer
      --depth;
      write('E', pid, tid, e.ns, {});
    } else {
      ++depth;
      write('B', pid, tid, e.ns, e.on == track::worker ? "fiber " + std::to_string(e.fiber) : std::string{e.state});
    }
  }
  // A deadlock, panic or timeout leaves spans open: close them so every begin has its end.
  for (auto& [where, depth] : open) {
    for (; depth > 0; --depth) write('E', where.first, where.second, end_ns, {});
  }
  out << "\n]}\n";
  if (!out) std::cerr << "GO_TRACE: could not write " << session.path << '\n';
}

}  // namespace

void trace_attach_worker(unsigned index) {
  std::lock_guard lock{sessions_mutex};
  auto found = sessions.find(runtime::current());
  if (found == sessions.end()) {
    thread_trace = nullptr;
    return;
  }
  trace_session& session = *found->second;
  std::lock_guard buffers_lock{session.mutex};
  thread_trace = session.buffers.emplace_back(std::make_unique<trace_buffer>(index, session.start)).get();
}

void trace_switch(boost::fibers::context* next) noexcept {
  trace_buffer& buffer = *thread_trace;
  if (buffer.running != nullptr) {
    const char* waiting_on = buffer.running->waiting_on.load();
    close_running(buffer, waiting_on != nullptr ? waiting_on : "runnable");
  }
  if (next == nullptr || next->is_context(boost::fibers::type::pinned_context)) return;
  // A fiber's record is known once it has started; its first resume is traced by trace_started.
  if (fiber_record* record = record_of(next)) open_running(buffer, *record);
}

void trace_wake(fiber_record& woken) noexcept {
  trace_buffer& buffer = *thread_trace;
  if (buffer.running == nullptr) return;  // woken by a timer or the runtime, not by a fiber
  const std::uint64_t flow = next_flow++;
  buffer.add('s', track::fiber, buffer.running->id, "wake", flow);
  woken.trace_flow = flow;
}

void trace_value(const void* channel, const char* what) noexcept {
  thread_trace->add('v', track::channel, reinterpret_cast<std::uintptr_t>(channel), what);
}

void trace_span(char phase, const char* stage) noexcept {
  if (thread_trace == nullptr) return;  // not in a traced run
  thread_trace->add(phase, track::fiber, current_fiber().id, stage);
}

void trace_instant(const char* what) noexcept {
  trace_buffer& buffer = *thread_trace;
  // The deadlock is reported by the fiber that blocked last, before it switches out: show it
  // blocked already.
  if (buffer.running != nullptr) {
    if (const char* waiting_on = buffer.running->waiting_on.load()) close_running(buffer, waiting_on);
  }
  buffer.add('i', track::worker, 0, what);
}

void trace_spawned(const fiber_record& record) noexcept {
  trace_buffer& buffer = *thread_trace;
  buffer.spawns.push_back({record.id, record.name, record.site});
  buffer.add('B', track::fiber, record.id, "runnable");
}

void trace_started(fiber_record& record) noexcept { open_running(*thread_trace, record); }

void trace_exited() noexcept {
  trace_buffer& buffer = *thread_trace;
  if (buffer.running == nullptr) return;
  buffer.add('x', track::fiber, buffer.running->id);
  close_running(buffer, nullptr);
}

// numbered: GO_TRACE's file for the n-th traced run of this process: out.json, out.2.json, ...
// (a demo often calls go::run several times; each run gets its own timeline).
std::string numbered(std::string path) {
  static std::atomic<int> runs{0};
  const int run = ++runs;
  if (run == 1) return path;
  const std::size_t dot = path.rfind('.');
  const std::size_t slash = path.rfind('/');
  const std::size_t at = dot != std::string::npos && (slash == std::string::npos || dot > slash) ? dot : path.size();
  return path.insert(at, "." + std::to_string(run));
}

void start_trace(runtime& rt) {
  const char* from_environment = std::getenv("GO_TRACE");
  std::string path = !rt.trace_path().empty()                                 ? rt.trace_path()
                     : from_environment != nullptr && *from_environment != '\0' ? numbered(from_environment)
                                                                                : "";
  go::testing::run_trace* capture = std::exchange(capture_next, nullptr);
  if (path.empty() && capture == nullptr) return;
  auto session = std::make_unique<trace_session>();
  session->path = std::move(path);
  session->capture = capture;
  std::lock_guard lock{sessions_mutex};
  sessions.emplace(&rt, std::move(session));
}

void finish_trace(runtime& rt) noexcept {
  std::unique_ptr<trace_session> session;
  {
    std::lock_guard lock{sessions_mutex};
    auto found = sessions.find(&rt);
    if (found == sessions.end()) return;
    session = std::move(found->second);
    sessions.erase(found);
  }
  try {
    write_trace(*session);
  } catch (const std::exception& error) {
    std::cerr << "GO_TRACE: " << error.what() << '\n';
  }
}

}  // namespace go::detail

namespace go::testing {

namespace {

// interval: a fiber's life or a stage_span, [begin, end); end -1 for one still open at end_ns.
struct interval {
  std::int64_t begin;
  std::int64_t end;
  bool live_at(std::int64_t ns, std::int64_t end_ns) const {
    return begin <= ns && ns < (end >= 0 ? end : end_ns + 1);
  }
};

// intervals_of: the fibers named `stage` that ran, and the stage_spans of `stage`.
std::vector<interval> intervals_of(const run_trace& trace, std::string_view stage) {
  std::vector<interval> found;
  for (const traced_fiber& fiber : trace.fibers) {
    if (fiber.name == stage && fiber.started_ns >= 0) found.push_back({fiber.started_ns, fiber.ended_ns});
  }
  for (const traced_span& span : trace.spans) {
    if (span.stage == stage) found.push_back({span.begin_ns, span.end_ns});
  }
  return found;
}

}  // namespace

long run_trace::spawned(std::string_view stage) const {
  return std::count_if(fibers.begin(), fibers.end(), [&](const traced_fiber& fiber) { return fiber.name == stage; });
}

long run_trace::max_at_once(std::string_view stage) const {
  const std::vector<interval> lives = intervals_of(*this, stage);
  long most = 0;
  for (const interval& at : lives) {  // the count peaks at some interval's begin
    const long live = std::count_if(lives.begin(), lives.end(),
                                    [&](const interval& other) { return other.live_at(at.begin, end_ns); });
    most = std::max(most, live);
  }
  return most;
}

bool run_trace::overlapped(std::string_view a, std::string_view b) const {
  const std::vector<interval> firsts = intervals_of(*this, a);
  const std::vector<interval> seconds = intervals_of(*this, b);
  for (const interval& first : firsts) {
    for (const interval& second : seconds) {
      if (first.live_at(second.begin, end_ns) || second.live_at(first.begin, end_ns)) return true;
    }
  }
  return false;
}

std::vector<traced_fiber> run_trace::left_blocked() const {
  std::vector<traced_fiber> blocked;
  for (const traced_fiber& fiber : fibers) {
    const bool ended = fiber.ended_ns >= 0 && fiber.ended_ns <= final_ns;
    if (!ended && fiber.last_state != "running" && fiber.last_state != "runnable") blocked.push_back(fiber);
  }
  return blocked;
}

long run_trace::values_sent(std::string_view channel) const {
  long values = 0;
  for (const traced_channel& named : channels) {
    if (named.name == channel) values += named.sent;
  }
  return values;
}

long run_trace::values_received(std::string_view channel) const {
  long values = 0;
  for (const traced_channel& named : channels) {
    if (named.name == channel) values += named.received;
  }
  return values;
}

std::string run_trace::error_message() const {
  if (!error) return {};
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& thrown) {
    return thrown.what();
  } catch (...) {
    return "an exception that is not a std::exception";
  }
}

stage_span::stage_span(const char* stage) noexcept : stage_{stage} { go::detail::trace_span('b', stage_); }

stage_span::~stage_span() { go::detail::trace_span('e', stage_); }

namespace detail {
void capture_next_run(run_trace* into) noexcept { go::detail::capture_next = into; }

void name_channel(const void* channel, std::string name) {
  go::detail::trace_buffer* buffer = go::detail::thread_trace;
  if (buffer == nullptr) return;  // not in a traced run
  const auto now = std::chrono::steady_clock::now() - buffer->start;
  buffer->channel_names.push_back({std::chrono::duration_cast<std::chrono::nanoseconds>(now).count(),
                                   reinterpret_cast<std::uintptr_t>(channel), std::move(name)});
}
}  // namespace detail

}  // namespace go::testing
