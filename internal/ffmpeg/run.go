package ffmpeg

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"strings"
	"sync"
	"time"
)

// Command returns a command running path with args under ctx. On Linux the
// child is killed when this process dies. Cancel sends SIGKILL; WaitDelay
// keeps a leftover grandchild holding the pipes from hanging Wait.
func Command(ctx context.Context, path string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.SysProcAttr = sysProcAttr()
	cmd.WaitDelay = time.Second
	return cmd
}

// Error is a run of ffmpeg or ffprobe that failed. Stderr holds the last
// lines it printed, which usually name the problem.
type Error struct {
	Step   string   // what the program was doing, e.g. "ffprobe" or "ffmpeg failed encoding out.mp4"
	Err    error    // how the process ended
	Stderr []string // its last stderr lines
}

func (e *Error) Error() string {
	msg := fmt.Sprintf("%s: %v", e.Step, e.Err)
	if len(e.Stderr) > 0 {
		msg += ":\n  " + strings.Join(e.Stderr, "\n  ")
	}
	return msg
}

// DiskFull reports whether the program's stderr says the disk is full.
func (e *Error) DiskFull() bool {
	for _, l := range e.Stderr {
		if strings.Contains(l, "No space left on device") || strings.Contains(l, "Disk quota exceeded") {
			return true
		}
	}
	return false
}

// Unwrap returns how the process ended.
func (e *Error) Unwrap() error { return e.Err }

// stderrLines is how many of the last stderr lines Run keeps.
const stderrLines = 8

// Run runs program ("ffmpeg" or "ffprobe", found by Find) with args under
// ctx and returns its standard output. A failure is an *Error with the
// tail of stderr, or a *NotFoundError.
func Run(ctx context.Context, program string, args ...string) ([]byte, error) {
	path, err := Find(program)
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	tail := NewTail(stderrLines)
	cmd := Command(ctx, path, args...)
	cmd.Stdout, cmd.Stderr = &out, tail
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			err = ctx.Err()
		}
		return nil, &Error{Step: program, Err: err, Stderr: tail.Lines()}
	}
	return out.Bytes(), nil
}

// maxLineLen caps each line a Tail keeps.
const maxLineLen = 400

// Tail is an io.Writer that keeps the last lines written to it (a process's
// stderr). It is safe for concurrent use.
type Tail struct {
	mu      sync.Mutex
	max     int
	lines   []string
	partial []byte
}

// NewTail returns a Tail keeping max lines.
func NewTail(max int) *Tail { return &Tail{max: max} }

// Write keeps the lines of b; it never fails.
func (t *Tail) Write(b []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.partial = SplitLines(t.partial, b, "\r\n", maxLineLen, t.push)
	return len(b), nil
}

// SplitLines cuts a stream written in pieces into lines: partial is the
// unterminated line so far, b the next piece. line is called with each
// line that b completes (any byte of seps ends one; each line is capped at
// max bytes and only valid during the call); the new unterminated rest is
// returned.
func SplitLines(partial, b []byte, seps string, max int, line func([]byte)) []byte {
	for len(b) > 0 {
		i := bytes.IndexAny(b, seps)
		if i < 0 {
			return appendCapped(partial, b, max)
		}
		partial = appendCapped(partial, b[:i], max)
		line(partial)
		partial = partial[:0]
		b = b[i+1:]
	}
	return partial
}

// appendCapped appends b to dst but lets dst grow to at most max bytes.
func appendCapped(dst, b []byte, max int) []byte {
	if room := max - len(dst); room < len(b) {
		if room <= 0 {
			return dst
		}
		b = b[:room]
	}
	return append(dst, b...)
}

func (t *Tail) push(b []byte) {
	line := string(bytes.TrimSpace(b))
	if line == "" {
		return
	}
	t.lines = append(t.lines, line)
	if len(t.lines) > t.max {
		t.lines = append(t.lines[:0], t.lines[len(t.lines)-t.max:]...)
	}
}

// Lines returns the kept lines, the unterminated last one included.
func (t *Tail) Lines() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := append([]string(nil), t.lines...)
	if l := string(bytes.TrimSpace(t.partial)); l != "" {
		out = append(out, l)
	}
	if len(out) > t.max {
		out = out[len(out)-t.max:]
	}
	return out
}
