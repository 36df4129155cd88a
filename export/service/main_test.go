package service

import (
	"context"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/slidereel/slidereel/export"
)

func TestMainUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		out  string // in stdout
		err  string // in stderr
	}{
		{nil, 2, "", "usage: slidereel serve"},
		{[]string{"render"}, 2, "", "usage"},
		{[]string{"serve", "--help"}, 0, "-media-root", ""},
		{[]string{"worker", "-h"}, 0, "-redis-host", ""},
		{[]string{"serve", "--bogus"}, 2, "", "flag provided but not defined: -bogus"},
		{[]string{"worker", "extra"}, 2, "", "unexpected arguments"},
		{[]string{"serve", "--media-root", "/no/such/dir", "--output-dir", t.TempDir()}, 1, "", "media root /no/such/dir"},
	} {
		var out, errb syncBuffer
		code := Main(tc.args, &out, &errb)
		if code != tc.code || !strings.Contains(out.String(), tc.out) || !strings.Contains(errb.String(), tc.err) {
			t.Errorf("Main(%q) = %d\nstdout: %s\nstderr: %s", tc.args, code, out.String(), errb.String())
		}
	}
	if !IsCommand("serve") || !IsCommand("worker") || IsCommand("render") {
		t.Error("IsCommand")
	}
}

// startServe runs `slidereel serve` on a free loopback port until cancel;
// done receives its exit code.
func startServe(t *testing.T, args ...string) (addr string, cancel func(), done chan int, stderr *syncBuffer) {
	t.Helper()
	var stdout syncBuffer
	stderr = &syncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	done = make(chan int, 1)
	go func() {
		done <- run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), &stdout, stderr)
	}()
	re := regexp.MustCompile(`serving on http://(\S+)`)
	waitFor(t, "the server to listen", func() bool {
		if m := re.FindStringSubmatch(stdout.String()); m != nil {
			addr = m[1]
			return true
		}
		select {
		case code := <-done:
			t.Fatalf("serve exited with %d: %s", code, stderr.String())
		default:
		}
		return false
	})
	return addr, cancel, done, stderr
}

// `slidereel serve` listens, answers, and stops on cancel (SIGINT).
func TestMainServe(t *testing.T) {
	root, out := media(t)
	addr, cancel, done, stderr := startServe(t, "--output-dir", out, "--media-root", root)
	resp, err := http.Get("http://" + addr + "/health")
	if err != nil {
		t.Fatal(err)
	}
	m := decodeBody(t, resp)
	resp.Body.Close()
	if resp.StatusCode != 200 || m["version"] == "" {
		t.Errorf("health: %d %v", resp.StatusCode, m)
	}
	code, _, m := post(t, "http://"+addr, `{"image_paths":["/etc/hostname"]}`)
	if code != 403 {
		t.Errorf("outside the root: %d %v", code, m)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("serve exit code %d: %s", code, stderr.String())
	}
	if strings.Contains(stderr.String(), "warning") {
		t.Errorf("a loopback address warned: %s", stderr.String())
	}
}

// `slidereel worker` takes its Redis address and output folder from the
// environment, like the old service.
func TestMainWorker(t *testing.T) {
	needFFmpeg(t)
	rdb := needRedis(t)
	root, out := media(t)
	host, port, _ := net.SplitHostPort(redisAddr)
	t.Setenv("REDIS_HOST", host)
	t.Setenv("REDIS_PORT", "tcp://"+host+":"+port) // Docker link form
	t.Setenv("OUTPUT_DIR", filepath.Join(out, "videos"))
	t.Setenv("MEDIA_ROOTS", root)
	q, prefix := testQueue(t)
	var stdout, stderr syncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"worker", "--queue", q, "--id", "main-w", "--heartbeat", "1s"}, &stdout, &stderr)
	}()
	// The default task prefix "task:" is used by the command.
	_ = prefix
	id := "mainworker-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	if err := Enqueue(context.Background(), rdb, q, "", Task{ID: id, Type: TypeCreateVideo, Params: params(t, map[string]any{"image_paths": []string{"nope.jpg"}})}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rdb.Del(context.Background(), "task:"+id) })
	var h map[string]string
	waitFor(t, "the task to fail", func() bool {
		h, _ = rdb.HGetAll(context.Background(), "task:"+id).Result()
		return h["status"] == StatusFailed
	})
	if !strings.Contains(h["error"], "image_paths[0]: file nope.jpg does not exist") || h["worker"] != "main-w" {
		t.Errorf("task: %v", h)
	}
	if st, err := os.Stat(filepath.Join(out, "videos")); err != nil || !st.IsDir() {
		t.Errorf("OUTPUT_DIR not created: %v", err)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("worker exit code %d: %s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "worker main-w on redis "+redisAddr) {
		t.Errorf("stdout: %s", stdout.String())
	}
	// The test Redis runs with --save "" --appendonly no.
	if !strings.Contains(stderr.String(), "neither AOF nor RDB") {
		t.Errorf("no warning about Redis persistence: %s", stderr.String())
	}
}

func TestMainWorkerNoFFmpeg(t *testing.T) {
	t.Setenv("SLIDEREEL_FFMPEG", filepath.Join(t.TempDir(), "no-ffmpeg"))
	var stdout, stderr syncBuffer
	code := run(context.Background(), []string{"worker", "--output-dir", t.TempDir(), "--media-root", t.TempDir()}, &stdout, &stderr)
	if code != 1 || !strings.Contains(stderr.String(), "ffmpeg is not available") {
		t.Errorf("worker without ffmpeg: %d %s", code, stderr.String())
	}
}

func TestMainWorkerNoRedis(t *testing.T) {
	needFFmpeg(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
	l.Close()
	var stdout, stderr syncBuffer
	code := run(context.Background(), []string{"worker", "--redis-host", "127.0.0.1", "--redis-port", port, "--output-dir", t.TempDir(), "--media-root", t.TempDir()}, &stdout, &stderr)
	if code != 1 || !strings.Contains(stderr.String(), "connecting to Redis") {
		t.Errorf("worker without Redis: %d %s", code, stderr.String())
	}
}

// On SIGINT a render still running after the grace period is cancelled:
// its client gets 503, its partial output is removed, serve exits 0.
func TestMainServeShutdownCancelsRender(t *testing.T) {
	root, out := media(t)
	started := make(chan string, 1)
	engine = func(export.Limits) RenderFunc { return blockingRender(started, nil) }
	defer func() { engine = NewEngine }()
	addr, cancel, done, stderr := startServe(t, "--output-dir", out, "--media-root", root, "--shutdown-timeout", "100ms")
	type reply struct {
		code int
		m    map[string]any
	}
	replies := make(chan reply, 1)
	go func() { c, _, m := post(t, "http://"+addr, `{"image_paths":["a.jpg"]}`); replies <- reply{c, m} }()
	partial := <-started
	cancel()
	r := <-replies
	if msg, _ := r.m["error"].(string); r.code != 503 || !strings.Contains(msg, "cancelled") {
		t.Errorf("render during shutdown: %d %v", r.code, r.m)
	}
	if code := <-done; code != 0 {
		t.Errorf("serve exit code %d: %s", code, stderr.String())
	}
	if _, err := os.Stat(partial); !os.IsNotExist(err) {
		t.Errorf("partial output left: %v", err)
	}
}
