package service

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/slidereel/slidereel/export"
	"github.com/slidereel/slidereel/internal/ffmpeg"
	"github.com/slidereel/slidereel/project"
)

// DefaultMaxBody is the default request body limit of /generateVideo.
const DefaultMaxBody = 1 << 20

// ServerConfig configures the HTTP service.
type ServerConfig struct {
	// OutputDir receives the videos (video-<random id>.mp4). It must exist.
	OutputDir string
	// Roots confines the media paths of requests.
	Roots *Roots
	// Render renders a project; see RenderFunc.
	Render RenderFunc
	// Limiter bounds parallel renders; nil means NewLimiter(1, 8).
	Limiter *Limiter
	// MaxBody limits the request body in bytes; 0 means DefaultMaxBody.
	MaxBody int64
	// BodyTimeout bounds reading a request body; 0 means 30 s. (The
	// render after it is bounded only by the client staying connected.)
	BodyTimeout time.Duration
	// RetryAfter is sent with 503 when the queue is full; 0 means 10 s.
	RetryAfter time.Duration
	// Version is reported by /health.
	Version string
	// FFmpeg reports ffmpeg's availability and version for /health; nil
	// probes `ffmpeg -version` (cached for a minute).
	FFmpeg func(ctx context.Context) FFmpegStatus
	// FFprobe is the same for ffprobe, which checks every finished video;
	// nil probes `ffprobe -version` (cached for a minute).
	FFprobe func(ctx context.Context) FFmpegStatus
	// Log receives one line per request; nil discards.
	Log *log.Logger
	// Limits refuse, with 422 before any work, a request over them (the
	// zero value limits nothing; `slidereel serve` passes its flags). The
	// Render function must apply them too once the sound's length is
	// known: see NewEngine.
	Limits export.Limits
}

// FFmpegStatus is the "ffmpeg" object of /health.
type FFmpegStatus struct {
	Available bool   `json:"available"`
	Version   string `json:"version,omitempty"`
	Path      string `json:"path,omitempty"`
	Error     string `json:"error,omitempty"`
}

// Health is the body of GET /health.
type Health struct {
	Status  string       `json:"status"` // "ok", or "degraded" without ffmpeg
	Version string       `json:"version"`
	FFmpeg  FFmpegStatus `json:"ffmpeg"`
	FFprobe FFmpegStatus `json:"ffprobe"` // checks every finished video
	Queue   QueueStatus  `json:"queue"`
}

// QueueStatus is the render queue of /health.
type QueueStatus struct {
	Running int `json:"running"`
	Waiting int `json:"waiting"`
	Slots   int `json:"slots"`
	Size    int `json:"size"` // waiting places
}

// ErrorBody is the JSON body of every error response.
type ErrorBody struct {
	Error string `json:"error"`
	Field string `json:"field,omitempty"`
}

// Server is the HTTP API of the old video service: GET /health and
// POST /generateVideo. It is an http.Handler.
type Server struct {
	cfg ServerConfig
	log *log.Logger
}

// NewServer checks cfg and returns the handler.
func NewServer(cfg ServerConfig) (*Server, error) {
	if err := checkEngine("service", cfg.Roots, cfg.Render, cfg.OutputDir); err != nil {
		return nil, err
	}
	if cfg.Limiter == nil {
		cfg.Limiter = NewLimiter(1, 8)
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = DefaultMaxBody
	}
	if cfg.BodyTimeout <= 0 {
		cfg.BodyTimeout = 30 * time.Second
	}
	if cfg.RetryAfter <= 0 {
		cfg.RetryAfter = 10 * time.Second
	}
	if cfg.FFmpeg == nil {
		cfg.FFmpeg = cachedProbe(ffmpeg.FFmpegName, time.Minute)
	}
	if cfg.FFprobe == nil {
		cfg.FFprobe = cachedProbe(ffmpeg.FFprobeName, time.Minute)
	}
	lg := cfg.Log
	if lg == nil {
		lg = log.New(io.Discard, "", 0)
	}
	return &Server{cfg: cfg, log: lg}, nil
}

// ServeHTTP routes the request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/health":
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			s.methodNotAllowed(w, "GET, HEAD")
			return
		}
		s.health(w, r)
	case "/generateVideo":
		if r.Method != http.MethodPost {
			s.methodNotAllowed(w, "POST")
			return
		}
		s.generate(w, r)
	default:
		writeJSON(w, http.StatusNotFound, ErrorBody{Error: fmt.Sprintf("no such endpoint %s (use GET /health or POST /generateVideo)", r.URL.Path)})
	}
}

func (s *Server) methodNotAllowed(w http.ResponseWriter, allow string) {
	w.Header().Set("Allow", allow)
	writeJSON(w, http.StatusMethodNotAllowed, ErrorBody{Error: "method not allowed; use " + allow})
}

func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	h := Health{Status: "ok", Version: s.cfg.Version, FFmpeg: s.cfg.FFmpeg(r.Context()), FFprobe: s.cfg.FFprobe(r.Context())}
	if !h.FFmpeg.Available || !h.FFprobe.Available {
		h.Status = "degraded"
	}
	h.Queue.Running, h.Queue.Waiting = s.cfg.Limiter.Stats()
	h.Queue.Slots, h.Queue.Size = s.cfg.Limiter.Capacity()
	writeJSON(w, http.StatusOK, h)
}

func (s *Server) generate(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rc := http.NewResponseController(w)
	_ = rc.SetReadDeadline(start.Add(s.cfg.BodyTimeout)) // unsupported by test recorders
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.cfg.MaxBody))
	if err != nil {
		// The rest of the body is not read: answer at once and close the
		// connection (the read deadline stays, so nothing waits for a
		// slow client's remaining bytes).
		w.Header().Set("Connection", "close")
		s.fail(w, r, bodyError(err, s.cfg.BodyTimeout))
		return
	}
	_ = rc.SetReadDeadline(time.Time{})
	req, err := ParseRequest(body)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// The slide count first: a large body must not cost a path check per
	// entry before it is refused.
	if err := limitError(s.cfg.Limits.CheckSlides(len(req.ImagePaths))); err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := BuildProject(req, s.cfg.Roots)
	if err == nil {
		err = checkLimits(p, s.cfg.Limits)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	release, err := s.cfg.Limiter.Acquire(r.Context())
	if err != nil {
		if errors.Is(err, ErrBusy) {
			w.Header().Set("Retry-After", strconv.Itoa(int((s.cfg.RetryAfter+time.Second-1)/time.Second)))
			writeJSON(w, http.StatusServiceUnavailable, ErrorBody{Error: "busy: every render slot is taken and the queue is full; retry later"})
			s.log.Printf("generateVideo: 503 busy")
			return
		}
		s.log.Printf("generateVideo: cancelled while queued: %v", err)
		writeJSON(w, http.StatusServiceUnavailable, ErrorBody{Error: "cancelled while waiting for a render slot (client gone or service stopping)"})
		return
	}
	defer release()
	out := outputName(s.cfg.OutputDir, randomID())
	res, err := render(WithStrict(r.Context(), req.Strict), s.cfg.Render, p, out, nil)
	for _, warn := range res.Warnings {
		s.log.Printf("generateVideo: %s: warning: %s", out, warn)
	}
	if err != nil {
		s.renderFailed(w, r, p, out, err)
		return
	}
	s.log.Printf("generateVideo: %s %d frames %d bytes in %s", res.OutputPath, res.Frames, res.SizeBytes, time.Since(start).Round(time.Millisecond))
	writeJSON(w, http.StatusOK, res)
}

// renderFailed answers a render that failed: 503 when cancelled, 422 for
// the input's fault (a limit named with its field), 507 for a full output
// disk, else 500.
func (s *Server) renderFailed(w http.ResponseWriter, r *http.Request, p *project.Project, out string, err error) {
	if r.Context().Err() != nil {
		// The client went away, or the service is stopping and its
		// grace period is over; answer in case someone still listens.
		s.log.Printf("generateVideo: render of %s cancelled: %v", out, r.Context().Err())
		writeJSON(w, http.StatusServiceUnavailable, ErrorBody{Error: "render cancelled (client gone or service stopping)"})
		return
	}
	if errors.Is(err, ErrBadInput) {
		re := &RequestError{Status: http.StatusUnprocessableEntity, Msg: err.Error()}
		if le := limitError(err); le != err {
			// Over a limit once the sound's length is known: the sound
			// file sets the length.
			re = le.(*RequestError)
			if re.Field == "slide_duration" && len(p.Soundtrack.Music) > 0 {
				re.Field = "audio_path"
			}
		}
		s.fail(w, r, re)
		return
	}
	s.log.Printf("generateVideo: render %s failed: %v", out, err)
	logPanic(s.log, err)
	status := http.StatusInternalServerError
	if errors.Is(err, export.ErrDiskFull) {
		status = http.StatusInsufficientStorage // the output folder is full: not the request's fault
	}
	writeJSON(w, status, ErrorBody{Error: "render failed: " + err.Error()})
}

// bodyError is the answer to a request body that could not be read: 413
// over the size limit, 408 past the body deadline, else 400.
func bodyError(err error, timeout time.Duration) *RequestError {
	var mb *http.MaxBytesError
	switch {
	case errors.As(err, &mb):
		return &RequestError{Status: http.StatusRequestEntityTooLarge, Msg: fmt.Sprintf("request body larger than %d bytes", mb.Limit)}
	case errors.Is(err, os.ErrDeadlineExceeded):
		return &RequestError{Status: http.StatusRequestTimeout, Msg: fmt.Sprintf("request body not received within %s", timeout)}
	}
	return &RequestError{Status: http.StatusBadRequest, Msg: "reading the request: " + err.Error()}
}

func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	var re *RequestError
	if !errors.As(err, &re) {
		re = &RequestError{Status: http.StatusBadRequest, Msg: err.Error()}
	}
	s.log.Printf("%s %s: %d %v", r.Method, r.URL.Path, re.Status, re)
	writeJSON(w, re.Status, ErrorBody{Error: re.Error(), Field: re.Field})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

// cachedProbe returns a probe of `program -version` whose answer is kept
// for ttl. The program is found as the export finds it (internal/ffmpeg).
func cachedProbe(program string, ttl time.Duration) func(ctx context.Context) FFmpegStatus {
	var mu sync.Mutex
	var last FFmpegStatus
	var at time.Time
	return func(ctx context.Context) FFmpegStatus {
		mu.Lock()
		defer mu.Unlock()
		if !at.IsZero() && time.Since(at) < ttl {
			return last
		}
		last, at = FFmpegStatus(ffmpeg.Version(ctx, program)), time.Now()
		return last
	}
}

// ProbeFFmpeg runs `ffmpeg -version` (the program the export runs: see
// internal/ffmpeg) and reports the result.
func ProbeFFmpeg(ctx context.Context) FFmpegStatus {
	return FFmpegStatus(ffmpeg.Version(ctx, ffmpeg.FFmpegName))
}
