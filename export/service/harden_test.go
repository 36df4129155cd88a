package service

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/slidereel/slidereel/export"
	"github.com/slidereel/slidereel/internal/ffmpeg"
	"github.com/slidereel/slidereel/internal/testmedia"
	"github.com/slidereel/slidereel/project"
)

// The 578-byte request of the issue: 50 images of an hour each, every value
// within the documented ranges. It made the sound mix allocate 69 GB and
// the runtime killed `serve`; now it is a 422 naming the limit, and the
// server goes on.
func TestServeRefusesTheOutOfMemoryRequest(t *testing.T) {
	root, out := media(t)
	addr, _, _, stderr := startServe(t, "--output-dir", out, "--media-root", root)
	paths := make([]string, 50)
	for i := range paths {
		paths[i] = fmt.Sprintf("%q", filepath.Join(root, "a.jpg"))
	}
	body := `{"image_paths":[` + strings.Join(paths, ",") + `],"slide_duration":3600}`
	code, _, m := post(t, "http://"+addr, body)
	if msg, _ := m["error"].(string); code != 422 || m["field"] != "slide_duration" || !strings.Contains(msg, "max-length") {
		t.Fatalf("%d-byte request: %d %v; want 422 naming max-length", len(body), code, m)
	}
	resp, err := http.Get("http://" + addr + "/health")
	if err != nil {
		t.Fatalf("the server is gone after the request: %v\n%s", err, stderr)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("health after the request: %d", resp.StatusCode)
	}
	// With a sound file the length is known only once it is read: the
	// engine refuses it then, before mixing.
	res, err := NewEngine(export.Limits{MaxDuration: 500 * time.Millisecond})(context.Background(),
		project.ServiceRequest{ImagePaths: []string{filepath.Join(root, "a.jpg")}, AudioPath: new(filepath.Join(root, "voice.wav"))}.Project(),
		filepath.Join(out, "x.mp4"), nil)
	if !errors.Is(err, ErrBadInput) || !errors.Is(err, export.ErrLimit) {
		t.Errorf("engine over the limit: %v %v", res, err)
	}
	// Through HTTP: 422 with the limit's field.
	ts := newTestServer(t, ServerConfig{OutputDir: out, Roots: mustRoots(t, root), Render: NewEngine(export.Limits{MaxDuration: 500 * time.Millisecond})})
	code, _, m = post(t, ts.URL, `{"image_paths":["a.jpg"],"audio_path":"voice.wav"}`)
	if msg, _ := m["error"].(string); code != 422 || m["field"] != "audio_path" || !strings.Contains(msg, "max-length") {
		t.Errorf("a sound file over the length limit: %d %v", code, m)
	}
}

// A render that panics fails alone: 500 for it, the next one is served.
func TestRenderPanicContained(t *testing.T) {
	root, out := media(t)
	var calls atomic.Int32
	render := func(ctx context.Context, p *project.Project, o string, pr func(int, int)) (Result, error) {
		if calls.Add(1) == 1 {
			var slides []project.Slide
			_ = slides[len(p.Slides)] // index out of range: a runtime panic
		}
		return fakeRender(ctx, p, o, pr)
	}
	ts := newTestServer(t, ServerConfig{OutputDir: out, Roots: mustRoots(t, root), Render: render})
	code, _, m := post(t, ts.URL, `{"image_paths":["a.jpg"]}`)
	if msg, _ := m["error"].(string); code != 500 || !strings.Contains(msg, "crashed") || strings.Contains(msg, "goroutine") {
		t.Errorf("panicking render: %d %v", code, m)
	}
	if code, _, m := post(t, ts.URL, `{"image_paths":["a.jpg"]}`); code != 200 {
		t.Errorf("the next render: %d %v", code, m)
	}
}

// A client that leaves during the media check frees its slot at once: the
// check stops probing (100 text files named .jpg, each probe slow).
func TestDisconnectDuringMediaCheck(t *testing.T) {
	root, out := media(t)
	var paths []string
	for i := range 100 {
		name := fmt.Sprintf("fake%03d.jpg", i)
		os.WriteFile(filepath.Join(root, name), []byte("just text\n"), 0o644)
		paths = append(paths, fmt.Sprintf("%q", name))
	}
	runs := filepath.Join(t.TempDir(), "runs")
	probe := filepath.Join(t.TempDir(), "ffprobe")
	os.WriteFile(probe, []byte("#!/bin/sh\necho x >> "+runs+"\nsleep 0.3\necho 'Invalid data' >&2\nexit 1\n"), 0o755)
	t.Setenv(ffmpeg.EnvFFprobe, probe)
	lim := NewLimiter(1, 0)
	ts := newTestServer(t, ServerConfig{OutputDir: out, Roots: mustRoots(t, root), Render: NewEngine(export.DefaultLimits()), Limiter: lim})
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		req, _ := http.NewRequestWithContext(ctx, "POST", ts.URL+"/generateVideo", strings.NewReader(`{"image_paths":[`+strings.Join(paths, ",")+`]}`))
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
		}
	}()
	waitFor(t, "the media check to start", func() bool { _, err := os.Stat(runs); return err == nil })
	cancel()
	waitFor(t, "the render slot to be released", func() bool { r, w := lim.Stats(); return r == 0 && w == 0 })
	data, _ := os.ReadFile(runs)
	if n := strings.Count(string(data), "\n"); n > 8 {
		t.Errorf("%d files probed for a client that left", n)
	}
}

// rawRequest sends head (and then body bytes one at a time, slowly) on a
// raw connection and returns the status line of the answer and whether
// the server closed the connection after it.
func rawRequest(t *testing.T, addr, head string, trickle bool) (status string, closed bool) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := io.WriteString(conn, head); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	defer close(stop)
	if trickle {
		go func() {
			for {
				select {
				case <-stop:
					return
				case <-time.After(100 * time.Millisecond):
				}
				if _, err := conn.Write([]byte(" ")); err != nil {
					return
				}
			}
		}()
	}
	// A safety net for a broken server, not a measure of speed.
	conn.SetReadDeadline(time.Now().Add(20 * time.Second))
	br := bufio.NewReader(conn)
	status, err = br.ReadString('\n')
	if err != nil {
		return "", hungUp(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(io.MultiReader(strings.NewReader(status), br)), nil)
	if err == nil {
		io.Copy(io.Discard, resp.Body)
		_, err = br.ReadByte()
	}
	return strings.TrimSpace(status), hungUp(err)
}

// hungUp reports whether a read error means the server closed the
// connection: EOF, or a reset (the server closed with our trickled bytes
// unread), but not our own read deadline.
func hungUp(err error) bool {
	return err != nil && !errors.Is(err, os.ErrDeadlineExceeded)
}

// A body sent a byte at a time gets 408 once the body deadline passes, and
// the connection is closed, whatever Content-Length promised.
func TestSlowBody(t *testing.T) {
	root, out := media(t)
	ts := newTestServer(t, ServerConfig{OutputDir: out, Roots: mustRoots(t, root), Render: fakeRender, BodyTimeout: 300 * time.Millisecond})
	addr := strings.TrimPrefix(ts.URL, "http://")
	for _, n := range []int{40, 2000} {
		head := fmt.Sprintf("POST /generateVideo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n{", n)
		status, closed := rawRequest(t, addr, head, true)
		if !strings.Contains(status, " 408 ") || !closed {
			t.Errorf("Content-Length %d, one byte at a time: status %q, closed %v; want 408 and a closed connection", n, status, closed)
		}
	}
}

// Headers sent slowly never reach the handler: the server hangs up after
// --header-timeout.
func TestSlowHeaders(t *testing.T) {
	root, out := media(t)
	addr, _, _, _ := startServe(t, "--output-dir", out, "--media-root", root, "--header-timeout", "300ms")
	status, closed := rawRequest(t, addr, "POST /generateVideo HTTP/1.1\r\nHost: x\r\n", false)
	if !closed || (status != "" && !strings.Contains(status, " 408 ")) {
		t.Errorf("slow headers: status %q, closed %v", status, closed)
	}
}

// A symlink in a media root gets the same answer whether its target
// outside exists or not.
func TestSymlinkOutsideSameStatus(t *testing.T) {
	root, _ := media(t)
	outside := t.TempDir()
	secret := filepath.Join(outside, "secret.jpg")
	os.WriteFile(secret, []byte("x"), 0o644)
	locked := filepath.Join(outside, "locked")
	os.Mkdir(locked, 0o000)
	t.Cleanup(func() { os.Chmod(locked, 0o755) })
	links := map[string]string{
		"to-existing.jpg": secret,
		"to-missing.jpg":  filepath.Join(outside, "nothing-here.jpg"),
		"to-missing-dir":  filepath.Join(outside, "no-dir"),
		"to-locked.jpg":   filepath.Join(locked, "x.jpg"),
		"chain.jpg":       filepath.Join(root, "to-missing.jpg"),
		"inside-gone.jpg": filepath.Join(root, "gone.jpg"),
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(root, name)); err != nil {
			t.Fatal(err)
		}
	}
	roots := mustRoots(t, root)
	for _, p := range []string{"to-existing.jpg", "to-missing.jpg", "to-missing-dir/x.jpg", "to-locked.jpg", "chain.jpg"} {
		_, err := roots.Resolve("image_paths[0]", p)
		var re *RequestError
		if !errors.As(err, &re) || re.Status != 403 {
			t.Errorf("%s: %v; want 403", p, err)
		}
	}
	_, err := roots.Resolve("image_paths[0]", "inside-gone.jpg")
	var re *RequestError
	if !errors.As(err, &re) || re.Status != 404 {
		t.Errorf("a dangling link inside the root: %v; want 404", err)
	}
	if got, err := roots.Resolve("x", "a.jpg"); err != nil || got != filepath.Join(root, "a.jpg") {
		t.Errorf("a.jpg: %q %v", got, err)
	}
}

// serve removes the partial videos a killed process left in its output
// folder, and nothing else.
func TestServeRemovesStaleTemps(t *testing.T) {
	root, out := media(t)
	old := time.Now().Add(-time.Hour)
	files := map[string]bool{ // name: should stay
		".video-1a2b.slidereel-tmp-123.mp4": false,
		".video-3c4d.slidereel-tmp-9.mp4":   true, // fresh: maybe another worker's
		"video-5e6f.mp4":                    true,
		".notes.txt":                        true,
	}
	for name, stays := range files {
		p := filepath.Join(out, name)
		os.WriteFile(p, []byte("x"), 0o644)
		if !stays || name != ".video-3c4d.slidereel-tmp-9.mp4" {
			os.Chtimes(p, old, old)
		}
	}
	_, _, _, stderr := startServe(t, "--output-dir", out, "--media-root", root)
	for name, stays := range files {
		_, err := os.Stat(filepath.Join(out, name))
		if (err == nil) != stays {
			t.Errorf("%s: exists %v, want %v", name, err == nil, stays)
		}
	}
	if !strings.Contains(stderr.String(), "removed 1 partial video") {
		t.Errorf("log: %s", stderr)
	}
}

// A full disk is 507, naming the folder and its free space; no file stays.
func TestFullDiskIs507(t *testing.T) {
	root, out := media(t)
	render := func(ctx context.Context, p *project.Project, o string, pr func(int, int)) (Result, error) {
		return Result{}, fmt.Errorf("export %s: %w on %s: 150 KB free", o, export.ErrDiskFull, out)
	}
	ts := newTestServer(t, ServerConfig{OutputDir: out, Roots: mustRoots(t, root), Render: render})
	code, _, m := post(t, ts.URL, `{"image_paths":["a.jpg"]}`)
	if msg, _ := m["error"].(string); code != 507 || !strings.Contains(msg, "disk full on "+out+": 150 KB free") {
		t.Errorf("full disk: %d %v", code, m)
	}
	if entries, _ := os.ReadDir(out); len(entries) != 0 {
		t.Errorf("output folder holds %v", entries)
	}
}

// A task over a limit fails before any work, naming the limit; a task
// whose render panics fails alone; and the worker goes on with the next.
func TestWorkerLimitsAndPanics(t *testing.T) {
	rdb := needRedis(t)
	root, out := media(t)
	render := func(ctx context.Context, p *project.Project, o string, pr func(int, int)) (Result, error) {
		if len(p.Slides) == 3 {
			panic("a bug in the renderer")
		}
		return fakeRender(ctx, p, o, pr)
	}
	w := newWorker(t, rdb, "w-limits", render, root, out, func(c *WorkerConfig) { c.Limits = export.DefaultLimits() })
	many := make([]string, 50)
	for i := range many {
		many[i] = "a.jpg"
	}
	enqueue(t, rdb, Task{ID: "t-long", Type: TypeCreateVideo, Params: params(t, map[string]any{"image_paths": many, "slide_duration": 3600})})
	enqueue(t, rdb, Task{ID: "t-panic", Type: TypeCreateVideo, Params: params(t, map[string]any{"image_paths": []string{"a.jpg", "a.jpg", "a.jpg"}})})
	enqueue(t, rdb, Task{ID: "t-ok", Type: TypeCreateVideo, Params: params(t, map[string]any{"image_paths": []string{"a.jpg"}})})
	start(t, w)
	for id, want := range map[string]string{"t-long": "max-length", "t-panic": "crashed: a bug in the renderer"} {
		h := waitStatus(t, rdb, id, StatusDone, StatusFailed)
		if h["status"] != StatusFailed || !strings.Contains(h["error"], want) || strings.Contains(h["error"], "goroutine") {
			t.Errorf("task %s: %v; want failed with %q", id, h, want)
		}
	}
	if h := waitStatus(t, rdb, "t-ok", StatusDone, StatusFailed); h["status"] != StatusDone {
		t.Errorf("the task after them: %v", h)
	}
}

// Too many slides is 422 naming max-slides, before any path is checked
// (the paths here do not exist: 404 would mean they were).
func TestTooManySlides(t *testing.T) {
	root, out := media(t)
	ts := newTestServer(t, ServerConfig{OutputDir: out, Roots: mustRoots(t, root), Render: fakeRender, Limits: export.Limits{MaxSlides: 3}})
	code, _, m := post(t, ts.URL, `{"image_paths":["n1.jpg","n2.jpg","n3.jpg","n4.jpg"]}`)
	if msg, _ := m["error"].(string); code != 422 || m["field"] != "image_paths" || !strings.Contains(msg, "max-slides") {
		t.Errorf("4 slides over a limit of 3: %d %v", code, m)
	}
}

// With the real engine, a video ffmpeg "finished" but that cannot be read
// back is never reported done: the HTTP API answers an error and the
// worker marks the task failed; no file is left.
func TestTruncatedVideoNeverDone(t *testing.T) {
	needFFmpeg(t) // ffprobe checks the result
	root, out := media(t)
	testmedia.TruncatingFFmpeg(t)
	ts := newTestServer(t, ServerConfig{OutputDir: out, Roots: mustRoots(t, root), Render: NewEngine(export.DefaultLimits())})
	code, _, m := post(t, ts.URL, `{"image_paths":["a.jpg"],"resolution":[160,90],"slide_duration":0.5}`)
	if msg, _ := m["error"].(string); code != 500 || !strings.Contains(msg, "damaged") || !strings.Contains(msg, "moov atom not found") {
		t.Errorf("HTTP: %d %v; want 500 naming the damaged video", code, m)
	}
	if entries, _ := os.ReadDir(out); len(entries) != 0 {
		t.Errorf("output folder holds %v", entries)
	}

	rdb := needRedis(t)
	w := newWorker(t, rdb, "w-trunc", NewEngine(export.DefaultLimits()), root, out)
	enqueue(t, rdb, Task{ID: "t-trunc", Type: TypeCreateVideo, Params: params(t, map[string]any{"image_paths": []string{"a.jpg"}, "resolution": []int{160, 90}, "slide_duration": 0.5})})
	start(t, w)
	h := waitStatus(t, rdb, "t-trunc", StatusDone, StatusFailed)
	if h["status"] != StatusFailed || !strings.Contains(h["error"], "damaged") || h["completions"] == "1" {
		t.Errorf("worker: %v; want failed naming the damaged video", h)
	}
	if entries, _ := os.ReadDir(out); len(entries) != 0 {
		t.Errorf("output folder holds %v", entries)
	}
}
