package ffmpeg

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
)

// Environment variables that override which program is run: a path, or a
// name looked up on PATH.
const (
	EnvFFmpeg  = "SLIDEREEL_FFMPEG"
	EnvFFprobe = "SLIDEREEL_FFPROBE"
)

// Program names.
const (
	FFmpegName  = "ffmpeg"
	FFprobeName = "ffprobe"
)

// ErrNotFound is wrapped by every error of a program that cannot be found.
var ErrNotFound = errors.New("not found")

// NotFoundError says why a program cannot be run: not on PATH, or (Env
// set) the override names something that is not an executable.
type NotFoundError struct {
	Program string // "ffmpeg" or "ffprobe"
	Env     string // the override variable, when it was set
	Value   string // its value
	Err     error  // the lookup's error
}

func (e *NotFoundError) Error() string {
	if e.Env != "" {
		return fmt.Sprintf("%s %s: %s=%q cannot be run: %v", e.Program, ErrNotFound, e.Env, e.Value, e.Err)
	}
	return fmt.Sprintf("%s %s on PATH (set %s to its full path, or install it): %v", e.Program, ErrNotFound, envOf(e.Program), e.Err)
}

// Unwrap returns ErrNotFound and the lookup's error.
func (e *NotFoundError) Unwrap() []error { return []error{ErrNotFound, e.Err} }

func envOf(program string) string {
	if program == FFprobeName {
		return EnvFFprobe
	}
	return EnvFFmpeg
}

type found struct {
	path string
	err  error
}

var (
	cacheMu sync.Mutex
	cache   = map[string]found{} // key: program, override value, PATH
)

// FFmpeg returns the ffmpeg program to run.
func FFmpeg() (string, error) { return Find(FFmpegName) }

// FFprobe returns the ffprobe program to run.
func FFprobe() (string, error) { return Find(FFprobeName) }

// Find returns the path of program ("ffmpeg" or "ffprobe"): its override
// variable if set, else the name on PATH. The answer is kept for as long as
// the override's value stays the same; a failed lookup is tried again next
// time (the program may have been installed meanwhile). A change of PATH
// is a new lookup too.
func Find(program string) (string, error) {
	env := envOf(program)
	val := os.Getenv(env)
	key := program + "\x00" + val + "\x00" + os.Getenv("PATH")
	cacheMu.Lock()
	f, ok := cache[key]
	cacheMu.Unlock()
	if ok {
		return f.path, f.err
	}
	f = lookup(program, env, val)
	if f.err == nil {
		cacheMu.Lock()
		cache[key] = f
		cacheMu.Unlock()
	}
	return f.path, f.err
}

func lookup(program, env, val string) found {
	if val == "" {
		p, err := exec.LookPath(program)
		if err != nil {
			return found{err: &NotFoundError{Program: program, Err: err}}
		}
		return found{path: p}
	}
	if strings.ContainsRune(val, os.PathSeparator) || strings.ContainsRune(val, '/') {
		st, err := os.Stat(val)
		switch {
		case err != nil:
			return found{err: &NotFoundError{Program: program, Env: env, Value: val, Err: err}}
		case st.IsDir():
			return found{err: &NotFoundError{Program: program, Env: env, Value: val, Err: errors.New("is a folder")}}
		}
	}
	p, err := exec.LookPath(val)
	if err != nil {
		return found{err: &NotFoundError{Program: program, Env: env, Value: val, Err: err}}
	}
	return found{path: p}
}
