package export

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/slidereel/slidereel/internal/ffmpeg"
)

// envFFmpeg names an environment variable that overrides which ffmpeg
// program is run (a path or a name looked up on PATH).
const envFFmpeg = ffmpeg.EnvFFmpeg

// stopGrace is how long a cancelled ffmpeg gets to quit before it is killed.
const stopGrace = 400 * time.Millisecond

// FFmpegPath returns the ffmpeg program export runs: $SLIDEREEL_FFMPEG if
// set, else ffmpeg on PATH. The error wraps ErrFFmpegNotFound and says how
// to install it.
func FFmpegPath() (string, error) {
	path, err := ffmpeg.FFmpeg()
	if err != nil {
		return "", notFoundError(err)
	}
	return path, nil
}

// proc is a running ffmpeg that reads frames on stdin and, optionally, PCM
// on file descriptor 3.
type proc struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	audio  *os.File // write end of the PCM pipe; nil without one
	stderr *ffmpeg.Tail
	prog   *progressWriter

	done chan struct{} // closed when the process has exited
	err  error         // Wait's result, set before done is closed

	stopOnce sync.Once
}

// startFFmpeg starts path with args. With audioPipe, a pipe is passed as
// file descriptor 3 (ffmpeg's "pipe:3") and its write end is p.audio.
func startFFmpeg(path string, args []string, audioPipe bool) (*proc, error) {
	// The process is stopped by stop (SIGINT first, so ffmpeg can close
	// the file), not by a context; ffmpeg.Command still makes it die with
	// this process.
	cmd := ffmpeg.Command(context.Background(), path, args...)
	p := &proc{cmd: cmd, stderr: ffmpeg.NewTail(12), prog: &progressWriter{}, done: make(chan struct{})}
	cmd.Stdout = p.prog
	cmd.Stderr = p.stderr
	stdinR, stdin, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	// Frames are 3 MB at 1080p: a large pipe lets ffmpeg take one in a few
	// reads instead of fifty 64 KB ones (and wake up as rarely).
	growPipe(stdin, framePipeBytes)
	p.stdin = stdin
	cmd.Stdin = stdinR
	var audioR *os.File
	if audioPipe {
		if audioR, p.audio, err = os.Pipe(); err != nil {
			stdinR.Close()
			stdin.Close()
			return nil, err
		}
		cmd.ExtraFiles = []*os.File{audioR}
	}
	err = cmd.Start()
	stdinR.Close() // the child has its own copy (or none)
	if err != nil {
		stdin.Close()
		if audioR != nil {
			audioR.Close()
			p.audio.Close()
		}
		if errors.Is(err, exec.ErrNotFound) || errors.Is(err, os.ErrNotExist) {
			return nil, notFoundError(err)
		}
		return nil, err
	}
	if audioR != nil {
		audioR.Close() // the child has its own copy
	}
	go func() {
		p.err = cmd.Wait()
		// Unblock any writer still feeding the pipes.
		stdin.Close()
		if p.audio != nil {
			p.audio.Close()
		}
		close(p.done)
	}()
	return p, nil
}

// stopOnDone stops ffmpeg as soon as ctx is done (unless it has exited).
func (p *proc) stopOnDone(ctx context.Context) {
	go func() {
		select {
		case <-ctx.Done():
			p.stop()
		case <-p.done:
		}
	}()
}

// failure is the error of ffmpeg failing with err while step (writing
// out): an *FFmpegError with its last stderr lines, or a disk full error.
func (p *proc) failure(step, out string, err error) error {
	fe := &FFmpegError{Step: "ffmpeg failed " + step, Err: err, Stderr: p.stderr.Lines()}
	if fe.DiskFull() {
		return fmt.Errorf("export %s: %w", out, DiskFullError(filepath.Dir(out), fe))
	}
	return fe
}

// wait waits for ffmpeg to exit and returns how it ended.
func (p *proc) wait() error {
	<-p.done
	return p.err
}

// exited reports whether ffmpeg has exited.
func (p *proc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// stop ends ffmpeg: it closes the input pipes, asks ffmpeg to quit
// (SIGINT, where signals exist) and kills it if it is still running after
// stopGrace. It returns when the process has exited.
func (p *proc) stop() {
	p.stopOnce.Do(func() {
		p.stdin.Close()
		if p.audio != nil {
			p.audio.Close()
		}
		if p.exited() {
			return
		}
		if err := p.cmd.Process.Signal(os.Interrupt); err != nil {
			_ = p.cmd.Process.Kill()
		}
		select {
		case <-p.done:
			return
		case <-time.After(stopGrace):
		}
		_ = p.cmd.Process.Kill()
	})
	<-p.done
}

// maxLineLen caps the progress lines kept.
const maxLineLen = 400

// progressWriter parses ffmpeg's -progress key=value lines.
type progressWriter struct {
	mu      sync.Mutex
	partial []byte
	frame   int  // last "frame=" value: frames encoded
	ended   bool // "progress=end" seen
}

func (w *progressWriter) Write(b []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.partial = ffmpeg.SplitLines(w.partial, b, "\n", maxLineLen, func(l []byte) {
		w.line(string(bytes.TrimSpace(l)))
	})
	return len(b), nil
}

func (w *progressWriter) line(l string) {
	k, v, ok := bytes.Cut([]byte(l), []byte("="))
	if !ok {
		return
	}
	switch string(bytes.TrimSpace(k)) {
	case "frame":
		if f, err := strconv.Atoi(string(bytes.TrimSpace(v))); err == nil {
			w.frame = f
		}
	case "progress":
		if string(bytes.TrimSpace(v)) == "end" {
			w.ended = true
		}
	}
}

// state returns the frames ffmpeg reported encoded and whether it reported
// the end.
func (w *progressWriter) state() (frame int, ended bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.frame, w.ended
}
