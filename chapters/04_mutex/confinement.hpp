// confinement.hpp - chapter 04's confinement exercises: no lock needed when nothing is shared.
//
// Each function below is one exercise. Its comment is the statement: what to build, the Go it
// mirrors, and what the tests check. Write the bodies in confinement.cpp, then run
//
//   ./workbook check 04 process_records
//   ./workbook check 04 process_records --tsan    # ThreadSanitizer watches for a race
//
// The guide's Pattern 7: confinement makes data reachable by one goroutine only, so it needs
// no mutex at all. Lexical confinement: the data lives in the goroutine's own scope. Ad-hoc
// confinement: a convention - goroutine i writes only results[i].
//
// These run on std::thread, like the race exercises (races.hpp). Call them from any thread:
//
//   std::vector<ch04::record> records{{1, "a"}, {2, "b"}};
//   auto done = ch04::process_records(records, [](const ch04::record& r) { return r.data + "!"; });
//   // done[0] == {1, "a!", ""}, done[1] == {2, "b!", ""}
//
// Exercises, easiest first: double_in_background, process_records.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <vector>

namespace ch04 {

// task / spawner: a piece of work, and a function that runs one later on another thread - Go's
// `go` statement handed in as a parameter, so that the tests decide when the task runs.
using task = std::function<void()>;
using spawner = std::function<void(task)>;

// double_in_background: the guide's lexical confinement. Hands one task to `spawn`; the task
// doubles every number of `data` and passes the doubled numbers to `report`.
//
//   func process() {
//       data := []int{1, 2, 3, 4, 5}
//       go func() {
//           // This goroutine has its own copy of data
//           localData := make([]int, len(data))
//           copy(localData, data)
//           for i := range localData { localData[i] *= 2 }
//           fmt.Println(localData)
//       }()
//   }
//
// The task runs later, on another thread: after this function has returned, when the caller
// may have changed or destroyed `data`. So the task must own its data - a copy made now,
// captured by value - and a lambda that captures `data` by reference reads whatever is there
// when it runs. Do the work in the task, not before spawning it.
//
// Tests: the task reports {2, 4, 6, 8, 10} for {1, 2, 3, 4, 5}; it does so even though the
// caller overwrites its vector before the task runs; nothing is reported before the task runs,
// and exactly one task is spawned.
void double_in_background(const std::vector<int>& data, const spawner& spawn,
                          std::function<void(std::vector<int>)> report);

// record / processed_record: the guide's Record and ProcessedRecord. `error` is empty when
// processing succeeded (Go: Error == nil).
struct record {
  int id = 0;
  std::string data;
};
struct processed_record {
  int id = 0;
  std::string result;
  std::string error;
  friend bool operator==(const processed_record&, const processed_record&) = default;
};

// process_records: the guide's "Concurrent Array Processing" (ad-hoc confinement). Processes
// every record in its own std::thread and returns one processed_record per record, in the
// order of `records`:
//
//   results := make([]ProcessedRecord, len(records))
//   for i := range records {
//       wg.Add(1)
//       go func(index int) {
//           defer wg.Done()
//           record := records[index]
//           result, err := processRecord(record)
//           results[index] = ProcessedRecord{ID: record.ID, Result: result, Error: err}
//       }(i)
//   }
//   wg.Wait()
//
// Size the results before starting any thread, and let thread i write results[i] only: no two
// threads touch the same element, so no lock is needed - while push_back from several threads
// is a data race (and would give completion order). `process_record` reports a failure by
// throwing a std::exception; store its what() in `error`. An exception that escapes a
// std::thread calls std::terminate, the C++ form of an unrecovered panic: catch it in the
// thread. Join every thread before returning (a std::jthread joins in its destructor).
//
// Tests: results come back in input order although the records finish in reverse order; all
// the records are processed at the same time (each waits until all have started); a failure
// is stored in its own record's result; every record is processed exactly once. Under --tsan:
// no data race.
std::vector<processed_record> process_records(std::span<const record> records,
                                              const std::function<std::string(const record&)>& process_record);

}  // namespace ch04
