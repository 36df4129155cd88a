package ffmpeg

import (
	"context"
	"strings"
	"time"
)

// Status is whether a program can be run, and its version.
type Status struct {
	Available bool   `json:"available"`
	Version   string `json:"version,omitempty"`
	Path      string `json:"path,omitempty"`
	Error     string `json:"error,omitempty"`
}

// versionTimeout bounds one `-version` run.
const versionTimeout = 10 * time.Second

// Version runs `program -version` and reports the result.
func Version(ctx context.Context, program string) Status {
	path, err := Find(program)
	if err != nil {
		return Status{Error: err.Error()}
	}
	ctx, cancel := context.WithTimeout(ctx, versionTimeout)
	defer cancel()
	out, err := Run(ctx, program, "-hide_banner", "-version")
	if err != nil {
		return Status{Path: path, Error: err.Error()}
	}
	line, _, _ := strings.Cut(string(out), "\n")
	v := strings.TrimPrefix(line, program+" version ")
	if f := strings.Fields(v); len(f) > 0 {
		v = f[0]
	}
	return Status{Available: true, Version: v, Path: path}
}

// Versions reports ffmpeg and ffprobe.
func Versions(ctx context.Context) (ffmpeg, ffprobe Status) {
	return Version(ctx, FFmpegName), Version(ctx, FFprobeName)
}
