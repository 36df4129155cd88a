package nice

import (
	"os/exec"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/slidereel/slidereel/internal/procstat"
)

// Jobs run niced, the caller's thread keeps its priority, and in an
// unbounded pool jobs never queue behind each other: two jobs that each
// wait for the other finish only if each got a thread of its own.
func TestUnboundedRunsNicedAndNeverQueues(t *testing.T) {
	p := NewPool(10, 0)
	want := strconv.Itoa(p.Nice())
	aIn, bIn := make(chan struct{}), make(chan struct{})
	nices := make(chan string, 2)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); p.Run(func() { close(aIn); <-bIn; nices <- procstat.ThreadNice() }) }()
	go func() { defer wg.Done(); p.Run(func() { <-aIn; close(bIn); nices <- procstat.ThreadNice() }) }()
	wg.Wait()
	for range 2 {
		if n := <-nices; n != want {
			t.Fatalf("a job ran at nice %q, want %s", n, want)
		}
	}
	// Idle threads take the next jobs. (A thread that has just finished a
	// job may not be waiting yet when the next Run looks, which then starts
	// another: so many jobs one after the other, and far fewer threads.)
	for range 50 {
		p.Run(func() { nices <- procstat.ThreadNice() })
		if n := <-nices; n != want {
			t.Fatalf("a job ran at nice %q, want %s", n, want)
		}
	}
	p.mu.Lock()
	threads := p.threads
	p.mu.Unlock()
	if threads > 10 {
		t.Fatalf("%d threads for 2 concurrent and then 50 sequential jobs: idle threads are not reused", threads)
	}
	if n := procstat.ThreadNice(); n == want || n == "" {
		t.Fatalf("the calling thread is at nice %q (niced too, or unreadable)", n)
	}
}

// A bounded pool runs at most limit jobs at once; the others wait and
// all finish.
func TestBoundedRunsAtMostLimit(t *testing.T) {
	p := NewPool(15, 2)
	var running, most, ran atomic.Int32
	var wg sync.WaitGroup
	for range 6 {
		wg.Go(func() {
			p.Run(func() {
				n := running.Add(1)
				for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
				}
				time.Sleep(20 * time.Millisecond)
				running.Add(-1)
				ran.Add(1)
			})
		})
	}
	wg.Wait()
	if ran.Load() != 6 || most.Load() > 2 || p.threads != 2 {
		t.Fatalf("ran %d of 6, at most %d at once (limit 2), %d threads", ran.Load(), most.Load(), p.threads)
	}
}

// A child started with a parent-death signal (as internal/ffmpeg starts
// ffmpeg) from a pool's thread survives the job that started it: the
// thread lives on. A thread that exited with its job would take every
// child it had started with it (a farm segment once lost its encoding
// ffmpeg to "signal: killed").
func TestChildrenOutliveTheirJob(t *testing.T) {
	p := NewPool(15, 4)
	var kids []*exec.Cmd
	for range 4 {
		p.Run(func() {
			cmd := exec.Command("sleep", "30")
			cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
			if err := cmd.Start(); err != nil {
				t.Error(err)
				return
			}
			kids = append(kids, cmd)
		})
	}
	time.Sleep(100 * time.Millisecond) // a killed child is gone by then
	for i, cmd := range kids {
		f, err := procstat.Process(cmd.Process.Pid)
		if err != nil {
			t.Fatal(err)
		}
		if f[0] == "Z" {
			t.Errorf("child %d was killed with the thread that started it", i)
		}
		cmd.Process.Kill()
		cmd.Wait()
	}
}
