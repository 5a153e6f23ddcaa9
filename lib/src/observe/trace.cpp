// The timeline trace: per-thread event buffers, and the Chrome Trace Event Format writer.
//
// Recording is kept cheap, since it runs at every context switch: each hook reads the clock once
// and appends one or two fixed-size events to its thread's own buffer - a fiber switched out
// (with the state it leaves in and the object it waits on), one switched in, one woken, one
// spawned. Names, numbers and the spans the viewer shows are all made when the file is written:
// expand() turns the recorded events into begin/end pairs per track, following each fiber's state
// (blocked -> runnable at its wake-up -> running), and numbers the wake-up arrows and objects.
// A value in or out of a channel is an event of its own ('v'), counted per named channel for
// run_traced (not written to the file: Perfetto would need a counter track per channel).
#include "trace.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "go/detail/runtime.hpp"
#include "go/testing_trace.hpp"

namespace go::detail {

fiber_record* record_of(boost::fibers::context* ctx) noexcept;  // runtime.cpp

namespace {

enum class track : std::uint8_t { worker, fiber, channel };

// event: as recorded, and as expand() turns it into the file's events.
//   recorded: 'N' spawned, 'I' switched in, 'O' switched out (state: its next state, null at its
//   exit; object: what it waits on), 'W' woken (flow: the waker's fiber id, 0 for none), 'x'
//   exited, 'i' a mark across every track, 'C' a context cancelled (object: the context);
//   'v' a value (on the channel track), 'b' / 'e' a go::testing::stage_span (`state` its stage).
//   expanded: 'B' / 'E' a span, 's' / 'f' a wake-up arrow (id in `flow`), and 'i', 'x', 'v',
//   'b', 'e' as recorded.
struct event {
  std::int64_t ns;           // since the run started
  std::uint64_t fiber;       // channel track: the channel's address
  const char* state;         // fiber track: "running", "runnable" or the operation; null for E;
                             // channel track: "sent" or "received"
  std::uint32_t worker;
  char phase;
  track on;
  std::uint64_t flow = 0;
  const void* object = nullptr;
};

static_assert(sizeof(event) == 48, "the memory bound in trace.hpp and docs/observing.md says 48 bytes");

struct spawn_info {
  std::uint64_t id;
  std::string name;
  std::source_location site;
};

// event_log: a thread's events in fixed chunks, so that recording never copies what it recorded
// (a growing std::vector would copy megabytes at each doubling, in the middle of a switch).
class event_log {
 public:
  void push(const event& e) {
    if (used_ == chunk_events) {
      chunks_.push_back(std::make_unique_for_overwrite<event[]>(chunk_events));
      used_ = 0;
    }
    chunks_.back()[used_++] = e;
  }
  [[nodiscard]] std::size_t size() const noexcept { return chunks_.size() * chunk_events - (chunk_events - used_); }
  void append_to(std::vector<event>& all) const {
    for (std::size_t chunk = 0; chunk < chunks_.size(); ++chunk) {
      const std::size_t count = chunk + 1 == chunks_.size() ? used_ : chunk_events;
      all.insert(all.end(), chunks_[chunk].get(), chunks_[chunk].get() + count);
    }
  }

 private:
  static constexpr std::size_t chunk_events = 1 << 14;  // 768 KB
  std::vector<std::unique_ptr<event[]>> chunks_;
  std::size_t used_ = chunk_events;  // in the last chunk
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
      : worker{worker_index}, start{run_start} {}

  [[nodiscard]] std::int64_t now() const noexcept {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start).count();
  }
  void add(std::int64_t ns, char phase, track on, std::uint64_t fiber, const char* state = nullptr,
           std::uint64_t flow = 0, const void* object = nullptr) noexcept {
    if (events.size() >= max_events_per_thread) {
      ++dropped;
      return;
    }
    try {
      events.push({ns, fiber, state, worker, phase, on, flow, object});
    } catch (const std::bad_alloc&) {
      ++dropped;
    }
  }

  const unsigned worker;
  const std::chrono::steady_clock::time_point start;
  event_log events;
  std::vector<spawn_info> spawns;
  std::vector<channel_name> channel_names;
  std::uint64_t dropped = 0;
  const fiber_record* running = nullptr;  // the fiber this worker runs now, if traced
};

#if GO_TRACING
constinit thread_local trace_buffer* thread_trace = nullptr;
#endif

namespace {

struct trace_session {
  std::string path;
  go::testing::run_trace* capture = nullptr;  // in memory instead of a file
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  std::mutex mutex;
  std::vector<std::unique_ptr<trace_buffer>> buffers;  // guarded by mutex
  std::vector<event> foreign;  // guarded by mutex; recorded by threads without a buffer (timers)
};

thread_local go::testing::run_trace* capture_next = nullptr;

std::mutex sessions_mutex;
std::map<const runtime*, std::unique_ptr<trace_session>> sessions;  // guarded by sessions_mutex
std::atomic<int> traced_runs{0};  // sessions.size(), readable without the lock

void open_running(trace_buffer& buffer, std::int64_t ns, const fiber_record& record) noexcept {
  buffer.add(ns, 'I', track::fiber, record.id);
  buffer.running = &record;
}

// close_running: the running fiber leaves its worker for `next_state` (null: it exited).
void close_running(trace_buffer& buffer, std::int64_t ns, const char* next_state) noexcept {
  buffer.add(ns, 'O', track::fiber, buffer.running->id, next_state, 0, buffer.running->object.load());
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

// object_names: "chan #1", "mutex #2", "context #1": numbered per kind in the order first met,
// as the fiber dump numbers them, instead of addresses that differ on every run.
class object_names {
 public:
  const std::string& name_of(const void* object, std::string_view operation) {
    const std::string_view kind = operation.substr(0, operation.find_first_of(" ."));
    auto [found, added] = names_.try_emplace({object, std::string{kind}});
    if (added) found->second = std::string{kind} + " #" + std::to_string(++counts_[std::string{kind}]);
    return found->second;
  }

 private:
  std::map<std::pair<const void*, std::string>, std::string> names_;
  std::map<std::string, std::size_t> counts_;
};

// fiber_state: what expand() knows of one fiber while it walks the recorded events.
struct fiber_state {
  enum class is : std::uint8_t { unknown, runnable, running, blocked } now = is::unknown;
  std::uint64_t arrow = 0;  // a wake-up arrow to end where the fiber runs next
};

// expand: the recorded events (sorted by time) as begin/end pairs per track, arrows and marks.
// A fiber woken while blocked is runnable from its wake-up to its next run. A fiber woken before
// it could switch out (its waker ran on another worker) stays running: the arrow ends there.
std::vector<event> expand(const std::vector<event>& recorded, object_names& objects, std::deque<std::string>& texts) {
  using is = fiber_state::is;
  std::vector<event> out;
  out.reserve(recorded.size() * 3);
  std::unordered_map<std::uint64_t, fiber_state> fibers;
  std::uint64_t arrows = 0;
  for (const event& e : recorded) {
    auto emit = [&](char phase, track on, std::uint64_t id, const char* state = nullptr, std::uint64_t flow = 0,
                    const void* object = nullptr) { out.push_back({e.ns, id, state, e.worker, phase, on, flow, object}); };
    if (e.phase == 'v' || e.phase == 'b' || e.phase == 'e') {  // values and stage_spans: for summarize
      out.push_back(e);
      continue;
    }
    fiber_state& fiber = fibers[e.fiber];
    switch (e.phase) {
      case 'N':
        emit('B', track::fiber, e.fiber, "runnable");
        fiber.now = is::runnable;
        break;
      case 'I':
        if (fiber.now == is::runnable || fiber.now == is::blocked) emit('E', track::fiber, e.fiber);
        emit('B', track::fiber, e.fiber, "running");
        emit('B', track::worker, e.fiber);
        if (fiber.arrow != 0) emit('f', track::fiber, e.fiber, "wake", std::exchange(fiber.arrow, 0));
        fiber.now = is::running;
        break;
      case 'O':
        if (fiber.now != is::running) break;  // its switch-in was dropped with a full buffer
        emit('E', track::worker, e.fiber);
        emit('E', track::fiber, e.fiber);
        fiber.now = is::unknown;
        if (e.state == nullptr) break;  // it exited
        emit('B', track::fiber, e.fiber, e.state, 0, e.object);
        fiber.now = std::string_view{e.state} == "runnable" ? is::runnable : is::blocked;
        break;
      case 'W': {
        const std::uint64_t arrow = e.flow != 0 ? ++arrows : 0;  // e.flow: the waker
        if (arrow != 0) emit('s', track::fiber, e.flow, "wake", arrow);
        if (fiber.now == is::blocked) {
          emit('E', track::fiber, e.fiber);
          emit('B', track::fiber, e.fiber, "runnable");
          fiber.now = is::runnable;
        }
        if (arrow == 0) break;
        if (fiber.now == is::running) {
          emit('f', track::fiber, e.fiber, "wake", arrow);
        } else {
          fiber.arrow = arrow;  // an earlier arrow still pending loses its end: the writer drops it
        }
        break;
      }
      case 'C':
        texts.push_back(objects.name_of(e.object, "context") + ' ' + e.state);
        emit('i', track::fiber, e.fiber, texts.back().c_str());
        break;
      default:
        out.push_back(e);  // 'i', 'x'
    }
  }
  return out;
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
  const auto mark = std::find_if(all.begin(), all.end(), [](const event& e) { return e.phase == 'i' && e.on == track::worker; });
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

// json_writer: the file's events, one per line, without a temporary string per event.
class json_writer {
 public:
  explicit json_writer(std::ostream& out) : out_{out} {}

  void event(char phase, int pid, std::uint64_t tid, std::int64_t ns) {
    out_ << ",\n{\"ph\":\"" << phase << "\",\"pid\":" << pid << ",\"tid\":" << tid << ",\"ts\":" << ns / 1000 << '.';
    char digits[4] = {static_cast<char>('0' + ns % 1000 / 100), static_cast<char>('0' + ns % 100 / 10),
                      static_cast<char>('0' + ns % 10), '\0'};
    out_ << digits;
  }
  std::ostream& more() { return out_; }
  void end() { out_ << '}'; }

 private:
  std::ostream& out_;
};

void write_trace(trace_session& session) {
  std::vector<event> recorded = std::move(session.foreign);
  std::vector<spawn_info> spawns;
  std::vector<channel_name> names;
  std::uint64_t dropped = 0;
  std::uint32_t workers = 0;
  for (const auto& buffer : session.buffers) {
    buffer->events.append_to(recorded);
    spawns.insert(spawns.end(), buffer->spawns.begin(), buffer->spawns.end());
    names.insert(names.end(), buffer->channel_names.begin(), buffer->channel_names.end());
    dropped += buffer->dropped;
    workers = std::max(workers, buffer->worker + 1);
  }
  // Buffers are per thread, a fiber's track per fiber: merge by time (stable, so that events of
  // one thread with equal timestamps keep their order).
  std::stable_sort(recorded.begin(), recorded.end(), [](const event& a, const event& b) { return a.ns < b.ns; });
  object_names objects;
  std::deque<std::string> texts;
  const std::vector<event> all = expand(recorded, objects, texts);
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
  json_writer write{out};
  std::unordered_map<std::uint64_t, int> open;  // (track, tid) -> spans begun and not ended
  auto key = [](int pid, std::uint64_t tid) { return tid << 1 | static_cast<std::uint64_t>(pid == 1); };
  for (const event& e : all) {
    const int pid = e.on == track::worker ? 1 : 2;
    const std::uint64_t tid = e.on == track::worker ? e.worker : e.fiber;
    if (e.phase == 'x' || e.phase == 'v' || e.phase == 'b' || e.phase == 'e' ||
        (e.phase == 's' && !flows_ended.contains(e.flow))) {
      continue;
    }
    int& depth = open[key(pid, tid)];
    write.event(e.phase, pid, tid, e.ns);
    if (e.phase == 's' || e.phase == 'f') {
      // An arrow from the waker's running slice to the woken fiber's next one.
      write.more() << R"(,"name":"wake","cat":"wake","id":)" << e.flow << (e.phase == 'f' ? R"(,"bp":"e")" : "");
    } else if (e.phase == 'i') {
      // A report is a line across every track; a cancellation a mark on the fiber that cancelled
      // (one by a deadline, on the timer thread, marks the fibers' process).
      const char* scope = e.on == track::worker ? R"(,"s":"g")" : e.fiber != 0 ? R"(,"s":"t")" : R"(,"s":"p")";
      write.more() << ",\"name\":" << json_string(e.state) << scope;
    } else if (e.phase == 'E') {
      if (depth > 0) --depth;
    } else if (e.on == track::worker) {
      ++depth;
      write.more() << R"(,"name":"fiber )" << e.fiber << '"';
    } else {
      ++depth;
      write.more() << ",\"name\":" << json_string(e.state);
      if (e.object != nullptr) write.more() << R"(,"args":{"object":")" << objects.name_of(e.object, e.state) << "\"}";
    }
    write.end();
  }
  // A deadlock, panic or timeout leaves spans open: close them so every begin has its end.
  for (auto& [where, depth] : open) {
    for (; depth > 0; --depth) {
      write.event('E', (where & 1) != 0 ? 1 : 2, where >> 1, end_ns);
      write.end();
    }
  }
  out << "\n]}\n";
  if (!out) std::cerr << "GO_TRACE: could not write " << session.path << '\n';
}

// session_of: the trace session of `rt`, if it is traced; call with sessions_mutex held.
trace_session* session_of(const runtime* rt) {
  auto found = sessions.find(rt);
  return found != sessions.end() ? found->second.get() : nullptr;
}

}  // namespace

void trace_attach_worker(unsigned index) {
#if GO_TRACING
  std::lock_guard lock{sessions_mutex};
  trace_session* session = session_of(runtime::current());
  if (session == nullptr) {
    thread_trace = nullptr;
    return;
  }
  std::lock_guard buffers_lock{session->mutex};
  thread_trace = session->buffers.emplace_back(std::make_unique<trace_buffer>(index, session->start)).get();
#else
  (void)index;
#endif
}

void trace_switch(boost::fibers::context* next) noexcept {
  trace_buffer& buffer = *thread_trace;
  // A fiber's record is known once it has started; its first resume is traced by trace_started.
  const fiber_record* record =
      next != nullptr && !next->is_context(boost::fibers::type::pinned_context) ? record_of(next) : nullptr;
  if (buffer.running == nullptr && record == nullptr) return;  // between the worker's own contexts
  const std::int64_t ns = buffer.now();
  if (buffer.running != nullptr) {
    const char* waiting_on = buffer.running->waiting_on.load();
    close_running(buffer, ns, waiting_on != nullptr ? waiting_on : "runnable");
  }
  if (record != nullptr) open_running(buffer, ns, *record);
}

void trace_wake(fiber_record& woken) noexcept {
  trace_buffer& buffer = *thread_trace;
  buffer.add(buffer.now(), 'W', track::fiber, woken.id, nullptr, buffer.running != nullptr ? buffer.running->id : 0);
}

void trace_value(const void* channel, const char* what) noexcept {
  thread_trace->add(thread_trace->now(), 'v', track::channel, reinterpret_cast<std::uintptr_t>(channel), what);
}

void trace_span(char phase, const char* stage) noexcept {
  if (thread_trace == nullptr) return;  // not in a traced run
  thread_trace->add(thread_trace->now(), phase, track::fiber, current_fiber().id, stage);
}

void trace_instant(const char* what) noexcept {
  trace_buffer& buffer = *thread_trace;
  const std::int64_t ns = buffer.now();
  // The deadlock is reported by the fiber that blocked last, before it switches out: show it
  // blocked already.
  if (buffer.running != nullptr) {
    if (const char* waiting_on = buffer.running->waiting_on.load()) close_running(buffer, ns, waiting_on);
  }
  buffer.add(ns, 'i', track::worker, 0, what);
}

void trace_cancel(const runtime* rt, const void* context, const char* reason) noexcept {
  if (traced_runs.load(std::memory_order_relaxed) == 0) return;
  const std::uint64_t by = thread_trace != nullptr && thread_trace->running != nullptr ? thread_trace->running->id : 0;
  // Cancellations are rare and may come from the timer thread, which has no buffer: one lock.
  std::lock_guard lock{sessions_mutex};
  trace_session* session = session_of(rt);
  if (session == nullptr) return;
  const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - session->start);
  std::lock_guard buffers_lock{session->mutex};
  try {
    session->foreign.push_back({ns.count(), by, reason, 0, 'C', track::fiber, 0, context});
  } catch (const std::bad_alloc&) {
  }
}

void trace_spawned(const fiber_record& record) noexcept {
  trace_buffer& buffer = *thread_trace;
  try {
    buffer.spawns.push_back({record.id, record.name, record.site});
  } catch (const std::bad_alloc&) {
  }
  buffer.add(buffer.now(), 'N', track::fiber, record.id);
}

void trace_started(fiber_record& record) noexcept { open_running(*thread_trace, thread_trace->now(), record); }

void trace_exited() noexcept {
  trace_buffer& buffer = *thread_trace;
  if (buffer.running == nullptr) return;
  const std::int64_t ns = buffer.now();
  buffer.add(ns, 'x', track::fiber, buffer.running->id);
  close_running(buffer, ns, nullptr);
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
  if (!GO_TRACING || (path.empty() && capture == nullptr)) return;  // GO_TRACING=OFF: no hook records
  auto session = std::make_unique<trace_session>();
  session->path = std::move(path);
  session->capture = capture;
  std::lock_guard lock{sessions_mutex};
  sessions.emplace(&rt, std::move(session));
  ++traced_runs;
}

void finish_trace(runtime& rt) noexcept {
  std::unique_ptr<trace_session> session;
  {
    std::lock_guard lock{sessions_mutex};
    auto found = sessions.find(&rt);
    if (found == sessions.end()) return;
    session = std::move(found->second);
    sessions.erase(found);
    --traced_runs;
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
