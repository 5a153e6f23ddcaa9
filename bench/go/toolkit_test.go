// The same programs as bench/toolkit/toolkit_bench.cpp, in Go, for `./workbook bench toolkit`.
//
//	cd bench/go && GOMAXPROCS=2 go test -bench . -run '^$'
//
// Each benchmark reports ns/item beside ns/op, where an item is what the C++ benchmark of the
// same name counts: a round trip, a value, a whole skynet tree, a goroutine, an increment.
package bench

import (
	"context"
	"sync"
	"testing"
	"time"
)

// perItem reports the time per item since `start` when one b.N iteration is `items` of them.
// Call it as `defer perItem(b, items, time.Now())` (Go 1.19 has no b.Elapsed).
func perItem(b *testing.B, items int, start time.Time) {
	b.ReportMetric(float64(time.Since(start).Nanoseconds())/float64(b.N)/float64(items), "ns/item")
}

// ---------------------------------------------------------------------------------------------
// Channels

func BenchmarkPingpong(b *testing.B) {
	defer perItem(b, 1, time.Now())
	ping, pong := make(chan int), make(chan int)
	go func() {
		for v := range ping {
			pong <- v
		}
	}()
	for i := 0; i < b.N; i++ {
		ping <- i
		<-pong
	}
	close(ping)
}

func BenchmarkBuffered(b *testing.B) {
	defer perItem(b, 1, time.Now())
	values := make(chan int, 128)
	go func() {
		for i := 0; i < b.N; i++ {
			values <- i
		}
		close(values)
	}()
	for range values {
	}
}

func BenchmarkSelect2(b *testing.B) {
	defer perItem(b, 1, time.Now())
	x, y := make(chan int), make(chan int)
	produce := func(out chan<- int, count int) {
		for i := 0; i < count; i++ {
			out <- i
		}
	}
	go produce(x, b.N-b.N/2)
	go produce(y, b.N/2)
	sum := 0
	for i := 0; i < b.N; i++ {
		select {
		case v := <-x:
			sum += v
		case v := <-y:
			sum += v
		}
	}
}

// ---------------------------------------------------------------------------------------------
// Goroutines

func skynet(out chan<- int, num, size, div int) {
	if size == 1 {
		out <- num
		return
	}
	results := make(chan int)
	for i := 0; i < div; i++ {
		go skynet(results, num+i*(size/div), size/div, div)
	}
	sum := 0
	for i := 0; i < div; i++ {
		sum += <-results
	}
	out <- sum
}

func BenchmarkSkynet(b *testing.B) {
	defer perItem(b, 1, time.Now())
	for i := 0; i < b.N; i++ {
		result := make(chan int)
		go skynet(result, 0, 1_000_000, 10)
		if <-result != 499_999_500_000 {
			b.Fatal("skynet: wrong sum")
		}
	}
}

const spawnedPerOp = 1_000_000

func BenchmarkSpawn(b *testing.B) {
	defer perItem(b, spawnedPerOp, time.Now())
	for i := 0; i < b.N; i++ {
		var wg sync.WaitGroup
		wg.Add(spawnedPerOp)
		for j := 0; j < spawnedPerOp; j++ {
			go func() { wg.Done() }()
		}
		wg.Wait()
	}
}

// ---------------------------------------------------------------------------------------------
// Synchronisation

func BenchmarkMutex(b *testing.B) {
	defer perItem(b, 1, time.Now())
	const goroutines = 4
	var mu sync.Mutex
	counter := 0
	var wg sync.WaitGroup
	wg.Add(goroutines)
	for g := 0; g < goroutines; g++ {
		share := b.N / goroutines
		if g == 0 {
			share += b.N % goroutines
		}
		go func(share int) {
			for i := 0; i < share; i++ {
				mu.Lock()
				counter++
				mu.Unlock()
			}
			wg.Done()
		}(share)
	}
	wg.Wait()
	if counter != b.N {
		b.Fatal("mutex: lost increments")
	}
}

func BenchmarkContext(b *testing.B) {
	defer perItem(b, 1, time.Now())
	parent, cancelParent := context.WithCancel(context.Background())
	for i := 0; i < b.N; i++ {
		_, cancel := context.WithCancel(parent)
		cancel()
	}
	cancelParent()
}

// ---------------------------------------------------------------------------------------------
// Patterns

func square(in <-chan int) <-chan int {
	out := make(chan int)
	go func() {
		for v := range in {
			out <- v * v
		}
		close(out)
	}()
	return out
}

func BenchmarkPipeline3(b *testing.B) {
	defer perItem(b, 1, time.Now())
	numbers := make(chan int)
	go func() {
		for i := 0; i < b.N; i++ {
			numbers <- i & 0xff
		}
		close(numbers)
	}()
	sum := 0
	for v := range square(square(numbers)) {
		sum += v
	}
}

const tasksPerOp = 1_000_000

func BenchmarkWorkerpool(b *testing.B) {
	defer perItem(b, tasksPerOp, time.Now())
	for i := 0; i < b.N; i++ {
		const workers = 4
		jobs, sums := make(chan int, 100), make(chan int, workers)
		for w := 0; w < workers; w++ {
			go func() {
				sum := 0
				for job := range jobs {
					sum += job * job
				}
				sums <- sum
			}()
		}
		for j := 0; j < tasksPerOp; j++ {
			jobs <- j & 0xff
		}
		close(jobs)
		total := 0
		for w := 0; w < workers; w++ {
			total += <-sums
		}
	}
}
