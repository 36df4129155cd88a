package preview

import (
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// threadNice reads the calling thread's nice value from /proc.
func threadNice(t *testing.T) string {
	b, err := os.ReadFile("/proc/thread-self/stat")
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	return fields[16] // field 19 of stat; the fields after the name start at 3
}

func TestLowPriorityRunsNiced(t *testing.T) {
	var inside string
	ran := false
	lowPriority(func() {
		ran = true
		inside = threadNice(t)
	})
	want := strconv.Itoa(detectNice)
	if !ran || inside != want {
		t.Fatalf("ran %v at nice %q, want %s", ran, inside, want)
	}
	// The caller's thread keeps its priority.
	if n := threadNice(t); n == want {
		t.Fatalf("the calling thread was niced too")
	}
}

// A child started with a parent-death signal (as internal/ffmpeg starts
// ffmpeg) survives detections: lowPriority never lets a thread exit, and a
// thread that exits kills the children it started. Before, a render with
// direction "subject" lost its encoding ffmpeg to "signal: killed".
func TestLowPriorityKeepsChildrenAlive(t *testing.T) {
	var kids []*exec.Cmd
	for range 8 {
		cmd := exec.Command("sleep", "30")
		cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		kids = append(kids, cmd)
		// Short detections, from this goroutine (whose thread started
		// the child) and from others.
		lowPriority(func() {})
		var wg sync.WaitGroup
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				lowPriority(func() { runtime.Gosched() })
			}()
		}
		wg.Wait()
	}
	time.Sleep(100 * time.Millisecond) // let a killed child be reaped by the kernel
	for i, cmd := range kids {
		if err := cmd.Process.Signal(syscall.Signal(0)); err != nil {
			t.Errorf("child %d died: %v", i, err)
		}
		cmd.Process.Kill()
		cmd.Wait()
	}
}
