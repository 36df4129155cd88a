package preview

import (
	"os/exec"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/slidereel/slidereel/internal/procstat"
)

func TestLowPriorityRunsNiced(t *testing.T) {
	var inside string
	ran := false
	lowPriority(func() {
		ran = true
		inside = procstat.ThreadNice()
	})
	want := strconv.Itoa(detectNice)
	if !ran || inside != want {
		t.Fatalf("ran %v at nice %q, want %s", ran, inside, want)
	}
	// The caller's thread keeps its priority.
	if n := procstat.ThreadNice(); n == want || n == "" {
		t.Fatalf("the calling thread is at nice %q (niced too, or unreadable)", n)
	}
}

// A child started with a parent-death signal (as internal/ffmpeg starts
// ffmpeg) from a niced thread survives the detection that started it: the
// thread lives on. Before, the detection's thread exited with it and the
// kernel killed every child that thread had started (a farm segment lost
// its encoding ffmpeg to "signal: killed").
func TestLowPriorityKeepsChildrenAlive(t *testing.T) {
	var kids []*exec.Cmd
	for range 4 {
		lowPriority(func() {
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
		if st := procState(t, cmd.Process.Pid); st == "Z" {
			t.Errorf("child %d was killed with the thread that started it", i)
		}
		cmd.Process.Kill()
		cmd.Wait()
	}
}

// procState is the state letter of process pid (Z: it died, unreaped).
func procState(t *testing.T, pid int) string {
	f, err := procstat.Process(pid)
	if err != nil {
		t.Fatal(err)
	}
	return f[0]
}
