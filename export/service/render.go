package service

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"

	"github.com/slidereel/slidereel/project"
)

// ErrBusy is returned by Limiter.Acquire when every render slot is taken
// and the waiting queue is full.
var ErrBusy = errors.New("render queue is full")

// Limiter bounds the renders of a process: at most slots run at once and
// at most queue more wait for a slot; further ones are refused at once.
type Limiter struct {
	admitted chan struct{} // running + waiting
	running  chan struct{}
}

// NewLimiter returns a limiter with slots render slots (at least 1) and a
// waiting queue of queue entries (at least 0).
func NewLimiter(slots, queue int) *Limiter {
	slots = max(slots, 1)
	queue = max(queue, 0)
	return &Limiter{admitted: make(chan struct{}, slots+queue), running: make(chan struct{}, slots)}
}

// Acquire waits for a render slot. It returns ErrBusy at once if the
// waiting queue is full, or ctx's error if ctx ends while waiting. On
// success the caller must call release exactly once.
func (l *Limiter) Acquire(ctx context.Context) (release func(), err error) {
	select {
	case l.admitted <- struct{}{}:
	default:
		return nil, ErrBusy
	}
	select {
	case l.running <- struct{}{}:
	case <-ctx.Done():
		<-l.admitted
		return nil, ctx.Err()
	}
	return func() { <-l.running; <-l.admitted }, nil
}

// Stats returns the renders running and the ones waiting for a slot.
func (l *Limiter) Stats() (running, waiting int) {
	r := len(l.running)
	return r, max(len(l.admitted)-r, 0)
}

// Capacity returns the number of render slots and the waiting queue size.
func (l *Limiter) Capacity() (slots, queue int) {
	return cap(l.running), cap(l.admitted) - cap(l.running)
}

// render runs fn into out and completes its Result from p and the file.
// On failure any partial output is removed.
func render(ctx context.Context, fn RenderFunc, p *project.Project, out string, progress func(done, total int)) (Result, error) {
	if progress == nil {
		progress = func(int, int) {}
	}
	res, err := contained(ctx, fn, p, out, progress)
	if err == nil && ctx.Err() != nil {
		err = ctx.Err()
	}
	if err != nil {
		os.Remove(out)
		return Result{}, err
	}
	st, err := os.Stat(out)
	if err != nil {
		return Result{}, fmt.Errorf("render %s: no output written: %w", out, err)
	}
	res.OutputPath = out
	res.Width, res.Height, res.FPS = p.Output.Width, p.Output.Height, int(p.Output.FPS)
	res.SizeBytes = st.Size()
	return res, nil
}

// PanicError is the error of a render that panicked: that render fails
// alone, the process and the other renders go on. Stack is for the log,
// never for the client.
type PanicError struct {
	Value any
	Stack []byte
}

func (e *PanicError) Error() string { return fmt.Sprintf("the render crashed: %v", e.Value) }

// contained runs fn, turning a panic into a *PanicError.
func contained(ctx context.Context, fn RenderFunc, p *project.Project, out string, progress func(done, total int)) (res Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, err = Result{}, &PanicError{Value: r, Stack: debug.Stack()}
		}
	}()
	return fn(ctx, p, out, progress)
}

// logPanic logs the stack of a render that panicked.
func logPanic(lg *log.Logger, err error) {
	var pe *PanicError
	if errors.As(err, &pe) {
		lg.Printf("render panic: %v\n%s", pe.Value, pe.Stack)
	}
}

type strictKey struct{}

// WithStrict returns ctx telling EngineRender to refuse damaged media (the
// request's "strict" field) instead of warning about them.
func WithStrict(ctx context.Context, strict bool) context.Context {
	return context.WithValue(ctx, strictKey{}, strict)
}

func isStrict(ctx context.Context) bool {
	s, _ := ctx.Value(strictKey{}).(bool)
	return s
}

// strictParam reads the "strict" field of a task's params (false when the
// params do not parse: the project build reports that).
func strictParam(params []byte) bool {
	if len(params) == 0 {
		return false
	}
	r, err := ParseRequest(params)
	return err == nil && r.Strict
}

var safeID = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$`)

// outputName returns the output file of a task: video-<id>.mp4 in dir when
// id is a safe file name, else video-<sha256 prefix of id>.mp4. The same id
// always gives the same file, so a redone task overwrites its own output.
func outputName(dir, id string) string {
	if !safeID.MatchString(id) {
		sum := sha256.Sum256([]byte(id))
		id = "h" + hex.EncodeToString(sum[:12])
	}
	return filepath.Join(dir, "video-"+id+".mp4")
}

// randomID returns 16 random hex digits.
func randomID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// checkEngine checks what both the HTTP server and the worker need: media
// roots, a render function and an existing output folder. who names the
// caller in the error.
func checkEngine(who string, roots *Roots, render RenderFunc, outputDir string) error {
	if roots == nil {
		return fmt.Errorf("%s: no media roots", who)
	}
	if render == nil {
		return fmt.Errorf("%s: no render function", who)
	}
	st, err := os.Stat(outputDir)
	if err != nil {
		return fmt.Errorf("output folder: %w", err)
	}
	if !st.IsDir() {
		return fmt.Errorf("output folder %s: not a folder", outputDir)
	}
	return nil
}
