package ffmpeg

import (
	"context"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/slidereel/slidereel/internal/procstat"
)

// TestChildDiesWithParent starts this test binary as a helper that starts
// a long `sleep` through Command and is then SIGKILLed: the sleep must go
// with it.
func TestChildDiesWithParent(t *testing.T) {
	if os.Getenv("FFMPEG_PDEATH_HELPER") == "1" {
		cmd := Command(context.Background(), "/bin/sleep", "60")
		if err := cmd.Start(); err != nil {
			os.Exit(3)
		}
		os.Stdout.WriteString(strconv.Itoa(cmd.Process.Pid) + "\n")
		time.Sleep(time.Minute)
		os.Exit(0)
	}
	helper := exec.Command(os.Args[0], "-test.run=^TestChildDiesWithParent$")
	helper.Env = append(os.Environ(), "FFMPEG_PDEATH_HELPER=1")
	out, err := helper.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := helper.Start(); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 32)
	n, _ := out.Read(buf)
	pid, err := strconv.Atoi(strings.TrimSpace(string(buf[:n])))
	if err != nil {
		helper.Process.Kill()
		t.Fatalf("helper said %q", buf[:n])
	}
	helper.Process.Kill()
	helper.Wait()
	// Poll until the child is gone (or a zombie nobody reaped yet); only
	// the test's own deadline bounds the wait.
	deadline, hasDeadline := t.Deadline()
	for alive(pid) {
		if hasDeadline && time.Until(deadline) < 5*time.Second {
			syscall.Kill(pid, syscall.SIGKILL)
			t.Fatalf("child %d outlived its killed parent", pid)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// alive reports whether pid is a running process (not gone, not a zombie).
func alive(pid int) bool {
	f, err := procstat.Process(pid)
	return err == nil && (len(f) == 0 || f[0] != "Z")
}
