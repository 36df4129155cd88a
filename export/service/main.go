package service

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/slidereel/slidereel/export"
	"github.com/slidereel/slidereel/internal/ffmpeg"
)

// DefaultAddr is where `slidereel serve` listens: loopback only.
const DefaultAddr = "127.0.0.1:8004"

// Version is Slidereel's release, reported by /health and in the logs
// (with the VCS revision when the build recorded one). It matches
// FyneApp.toml's Version (a test in the repository root checks it).
var Version = "0.1.0"

func version() string {
	v := Version
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return v
	}
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			v += "+" + s.Value[:12]
		}
	}
	return v
}

// engine makes the RenderFunc of the commands from their limits (tests
// replace it).
var engine = NewEngine

// IsCommand reports whether arg is a command Main handles.
func IsCommand(arg string) bool { return arg == "serve" || arg == "worker" }

// Main runs `slidereel serve` or `slidereel worker`: args[0] is the
// command, the rest its flags. It stops gracefully on SIGINT or SIGTERM
// and returns the exit code (0 ok, 1 failure, 2 usage error).
func Main(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return run(ctx, args, stdout, stderr)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || !IsCommand(args[0]) {
		fmt.Fprintln(stderr, "usage: slidereel serve [flags] | slidereel worker [flags] (add --help for the flags)")
		return 2
	}
	if args[0] == "serve" {
		return serve(ctx, args[1:], stdout, stderr)
	}
	return work(ctx, args[1:], stdout, stderr)
}

// stringList is a repeatable flag.
type stringList []string

func (s *stringList) String() string { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error {
	*s = append(*s, v)
	return nil
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// commonFlags are the flags of both commands.
type commonFlags struct {
	outputDir string
	roots     stringList
	limits    export.Limits
}

func (c *commonFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&c.outputDir, "output-dir", envOr("OUTPUT_DIR", "output"), "folder for the videos (created if missing; env OUTPUT_DIR)")
	c.limits = export.DefaultLimits()
	c.limits.RegisterFlags(fs)
	fs.Var(&c.roots, "media-root", "folder that media paths must lie in; repeat for several; relative paths are taken from the first\n(default: env MEDIA_ROOTS, a "+string(os.PathListSeparator)+"-separated list, else the current folder)")
}

// setup creates the output folder and resolves the media roots.
func (c *commonFlags) setup() (*Roots, error) {
	if err := os.MkdirAll(c.outputDir, 0o755); err != nil {
		return nil, fmt.Errorf("output folder: %w", err)
	}
	abs, err := filepath.Abs(c.outputDir)
	if err != nil {
		return nil, fmt.Errorf("output folder: %w", err)
	}
	c.outputDir = abs
	roots := []string(c.roots)
	if len(roots) == 0 && os.Getenv("MEDIA_ROOTS") != "" {
		for _, r := range filepath.SplitList(os.Getenv("MEDIA_ROOTS")) {
			if r != "" {
				roots = append(roots, r)
			}
		}
	}
	if len(roots) == 0 {
		roots = []string{"."}
	}
	return NewRoots(roots...)
}

// parseAndSetup parses args with fs (see parse), then creates the output
// folder and resolves the media roots (see setup). When the command must
// not go on it has said why on stderr (a setup error prefixed with the
// command's name) and returns the exit code with ok false.
func (c *commonFlags) parseAndSetup(fs *flag.FlagSet, args []string, stdout, stderr io.Writer) (roots *Roots, code int, ok bool) {
	if code, ok := parse(fs, args, stdout, stderr); !ok {
		return nil, code, false
	}
	roots, err := c.setup()
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", fs.Name(), err)
		return nil, 1, false
	}
	return roots, 0, true
}

// parse parses args with fs. --help prints the usage once, to stdout; a
// bad flag prints the error and the usage to stderr.
func parse(fs *flag.FlagSet, args []string, stdout, stderr io.Writer) (code int, ok bool) {
	fs.SetOutput(stderr)
	usage := fs.Usage
	fs.Usage = func() {} // Parse would print it; which stream depends on the error
	err := fs.Parse(args)
	fs.Usage = usage
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(stdout)
			fs.Usage()
			return 0, false
		}
		fs.Usage()
		return 2, false
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "%s: unexpected arguments %q\n", fs.Name(), fs.Args())
		return 2, false
	}
	return 0, true
}

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	var c commonFlags
	c.register(fs)
	addr := fs.String("addr", DefaultAddr, "listen address; loopback by default (put a reverse proxy in front to expose it)")
	workers := fs.Int("workers", 1, "renders running at once")
	queue := fs.Int("queue", 8, "requests waiting for a render slot; beyond that the service answers 503")
	maxBody := fs.Int64("max-body", DefaultMaxBody, "request body limit in bytes")
	headerTimeout := fs.Duration("header-timeout", 10*time.Second, "time a client has to send its request headers (slow clients are cut off)")
	bodyTimeout := fs.Duration("body-timeout", 30*time.Second, "time a client has to send its whole request body; later, 408 and the connection is closed")
	grace := fs.Duration("shutdown-timeout", 30*time.Second, "on SIGINT/SIGTERM, how long running renders may finish before they are cancelled")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: slidereel serve [flags]\n\nServes the old video service's HTTP API: GET /health, POST /generateVideo.\n\n")
		fs.PrintDefaults()
	}
	roots, code, ok := c.parseAndSetup(fs, args, stdout, stderr)
	if !ok {
		return code
	}
	lg := log.New(stderr, "serve: ", log.LstdFlags)
	cleanTemps(lg, c.outputDir)
	h, err := NewServer(ServerConfig{
		OutputDir: c.outputDir, Roots: roots, Render: engine(c.limits), Limits: c.limits,
		Limiter: NewLimiter(*workers, *queue), MaxBody: *maxBody, BodyTimeout: *bodyTimeout, Version: version(), Log: lg,
	})
	if err != nil {
		fmt.Fprintf(stderr, "serve: %v\n", err)
		return 1
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "serve: %v\n", err)
		return 1
	}
	if host, _, _ := net.SplitHostPort(*addr); !isLoopback(host) {
		lg.Printf("warning: listening on %s, reachable from other machines; the API has no authentication", ln.Addr())
	}
	base, cancelRenders := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelRenders()
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: *headerTimeout,
		// No ReadTimeout or WriteTimeout: a response waits for its render.
		// The handler bounds the body read (ServerConfig.BodyTimeout).
		IdleTimeout:    120 * time.Second,
		MaxHeaderBytes: 64 << 10,
		BaseContext:    func(net.Listener) context.Context { return base },
		ErrorLog:       lg,
	}
	fmt.Fprintf(stdout, "slidereel %s serving on http://%s (output %s, media roots %s)\n", version(), ln.Addr(), c.outputDir, strings.Join(roots.Dirs(), ", "))
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		fmt.Fprintf(stderr, "serve: %v\n", err)
		return 1
	case <-ctx.Done():
	}
	lg.Printf("stopping: waiting up to %s for running renders", *grace)
	sctx, cancel := context.WithTimeout(context.Background(), *grace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		lg.Printf("cancelling the renders still running")
		cancelRenders()
		cctx, cancel2 := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel2()
		if err := srv.Shutdown(cctx); err != nil {
			srv.Close()
		}
	}
	lg.Printf("stopped")
	return 0
}

// staleTempAge is how old a temporary output must be for serve and worker
// to take it for the leftover of a killed process: a running export
// writes to its file all the time.
const staleTempAge = 5 * time.Minute

// cleanTemps removes the stale temporary outputs in the output folder.
func cleanTemps(lg *log.Logger, dir string) {
	if gone := export.RemoveStaleTemps(dir, staleTempAge); len(gone) > 0 {
		lg.Printf("removed %d partial videos left by a killed process: %s", len(gone), strings.Join(gone, ", "))
	}
}

// warnPersistence warns when Redis keeps nothing on disk: a Redis restart
// then loses the queue and the outcome of the task in flight, and the
// exactly-once promise with them. A Redis that refuses CONFIG is not
// checked.
func warnPersistence(ctx context.Context, rdb *redis.Client, lg *log.Logger) {
	aof, err1 := rdb.ConfigGet(ctx, "appendonly").Result()
	save, err2 := rdb.ConfigGet(ctx, "save").Result()
	if err1 != nil || err2 != nil {
		return
	}
	if aof["appendonly"] != "yes" && strings.TrimSpace(save["save"]) == "" {
		lg.Printf("warning: Redis has neither AOF nor RDB persistence: a Redis restart loses the queue and the outcome of running tasks; enable appendonly for exactly-once")
	}
}

// openCache opens the worker's segment cache.
func openCache(dir, size string) (*export.SegmentCache, error) {
	n, err := export.ParseSize(size)
	if err != nil {
		return nil, fmt.Errorf("--cache-size: %w", err)
	}
	return export.OpenSegmentCache(dir, n)
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func work(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("worker", flag.ContinueOnError)
	var c commonFlags
	c.register(fs)
	host := fs.String("redis-host", envOr("REDIS_HOST", "redis"), "Redis host (env REDIS_HOST)")
	port := fs.Int("redis-port", 6379, "Redis port (env REDIS_PORT)")
	db := fs.Int("redis-db", 0, "Redis database number (env REDIS_DB)")
	queue := fs.String("queue", DefaultQueue, "the task list")
	id := fs.String("id", "", "this worker's id, unique per queue (default <hostname>-<pid>-<random>)")
	concurrency := fs.Int("concurrency", 1, "tasks rendered at once by this worker")
	heartbeat := fs.Duration("heartbeat", 5*time.Second, "a worker silent this long is presumed dead and its tasks are redone")
	cacheDir := fs.String("cache-dir", "", "segment cache for RenderSegment tasks (render --farm): a folder every worker and the coordinator share (default: $SLIDEREEL_CACHE_DIR/segments, else the user cache folder's slidereel/segments)")
	cacheSize := fs.String("cache-size", "5G", "segment cache bound")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: slidereel worker [flags]\n\nConsumes the old video service's Redis queue (types CreateVideo, GenerateVideo,\nCreateVideoFromSlides) and the segments of `slidereel render --farm` (RenderSegment).\nThe password, if any, comes from env REDIS_PASSWORD.\n\n")
		fs.PrintDefaults()
	}
	for _, e := range []struct {
		name string
		v    *int
	}{{"REDIS_PORT", port}, {"REDIS_DB", db}} {
		if s := os.Getenv(e.name); s != "" {
			if i := strings.LastIndex(s, ":"); e.name == "REDIS_PORT" && strings.HasPrefix(s, "tcp://") && i > 0 {
				s = s[i+1:] // a Docker link variable: tcp://172.17.0.2:6379
			}
			n, err := strconv.Atoi(s)
			if err != nil {
				fmt.Fprintf(stderr, "worker: %s=%q is not a number\n", e.name, s)
				return 2
			}
			*e.v = n
		}
	}
	roots, code, ok := c.parseAndSetup(fs, args, stdout, stderr)
	if !ok {
		return code
	}
	// A worker without ffmpeg would fail every task it takes from the
	// shared queue: refuse to start instead.
	for _, program := range []string{ffmpeg.FFmpegName, ffmpeg.FFprobeName} {
		if st := ffmpeg.Version(ctx, program); !st.Available {
			fmt.Fprintf(stderr, "worker: %s is not available, not taking tasks: %s\n", program, st.Error)
			return 1
		}
	}
	lg := log.New(stderr, "", log.LstdFlags)
	cleanTemps(lg, c.outputDir)
	cache, err := openCache(*cacheDir, *cacheSize)
	if err != nil {
		fmt.Fprintf(stderr, "worker: %v\n", err)
		return 2
	}
	rdb := redis.NewClient(&redis.Options{
		Addr:     net.JoinHostPort(*host, strconv.Itoa(*port)),
		Password: os.Getenv("REDIS_PASSWORD"),
		DB:       *db,
	})
	defer rdb.Close()
	warnPersistence(ctx, rdb, lg)
	w, err := NewWorker(WorkerConfig{
		Client: rdb, Queue: *queue, ID: *id, OutputDir: c.outputDir, Roots: roots, Render: engine(c.limits), Limits: c.limits,
		Concurrency: *concurrency, HeartbeatTTL: *heartbeat, SegmentCache: cache, Log: lg,
	})
	if err != nil {
		fmt.Fprintf(stderr, "worker: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "slidereel %s worker %s on redis %s, queue %s (output %s, media roots %s)\n",
		version(), w.ID(), rdb.Options().Addr, *queue, c.outputDir, strings.Join(roots.Dirs(), ", "))
	if err := w.Run(ctx); err != nil {
		fmt.Fprintf(stderr, "worker: %v\n", err)
		return 1
	}
	return 0
}
