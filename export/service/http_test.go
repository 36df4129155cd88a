package service

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/slidereel/slidereel/project"
)

func newTestServer(t *testing.T, cfg ServerConfig) *httptest.Server {
	t.Helper()
	if cfg.FFmpeg == nil {
		cfg.FFmpeg = func(context.Context) FFmpegStatus { return FFmpegStatus{Available: true, Version: "5.1-test"} }
	}
	if cfg.FFprobe == nil {
		cfg.FFprobe = func(context.Context) FFmpegStatus { return FFmpegStatus{Available: true, Version: "5.1-test"} }
	}
	s, err := NewServer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	return ts
}

func post(t *testing.T, url, body string) (int, http.Header, map[string]any) {
	t.Helper()
	resp, err := http.Post(url+"/generateVideo", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	return resp.StatusCode, resp.Header, decodeBody(t, resp)
}

func decodeBody(t *testing.T, resp *http.Response) map[string]any {
	t.Helper()
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
	var m map[string]any
	data, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("response is not a JSON object: %v: %s", err, data)
	}
	return m
}

func TestHealth(t *testing.T) {
	root, out := media(t)
	for _, ff := range []FFmpegStatus{{Available: true, Version: "5.1.6"}, {Error: "exec: \"ffmpeg\": not found"}} {
		ts := newTestServer(t, ServerConfig{OutputDir: out, Roots: mustRoots(t, root), Render: fakeRender, Version: "v1.2.3",
			FFmpeg: func(context.Context) FFmpegStatus { return ff }})
		resp, err := http.Get(ts.URL + "/health")
		if err != nil {
			t.Fatal(err)
		}
		m := decodeBody(t, resp)
		resp.Body.Close()
		if resp.StatusCode != 200 || m["version"] != "v1.2.3" {
			t.Errorf("health = %d %v", resp.StatusCode, m)
		}
		f, _ := m["ffmpeg"].(map[string]any)
		wantStatus := "ok"
		if !ff.Available {
			wantStatus = "degraded"
		}
		if f["available"] != ff.Available || m["status"] != wantStatus {
			t.Errorf("health with %+v = %v", ff, m)
		}
		if q, _ := m["queue"].(map[string]any); q["slots"] != 1.0 || q["size"] != 8.0 {
			t.Errorf("queue = %v, want the default 1 slot and 8 places", m["queue"])
		}
	}
}

func TestProbeFFmpeg(t *testing.T) {
	needFFmpeg(t)
	st := ProbeFFmpeg(context.Background())
	if !st.Available || st.Version == "" || st.Path == "" {
		t.Errorf("ProbeFFmpeg = %+v", st)
	}
	t.Setenv("SLIDEREEL_FFMPEG", filepath.Join(t.TempDir(), "no-ffmpeg"))
	if st := ProbeFFmpeg(context.Background()); st.Available || st.Error == "" {
		t.Errorf("ProbeFFmpeg with a missing program = %+v", st)
	}
}

func TestGenerateVideoFake(t *testing.T) {
	root, out := media(t)
	ts := newTestServer(t, ServerConfig{OutputDir: out, Roots: mustRoots(t, root), Render: fakeRender})
	body := `{"image_paths":["a.jpg","b.jpg"],"fps":25,"resolution":[320,180],"slide_duration":2,"transition_duration":0.5,"unknown":1}`
	code, _, m := post(t, ts.URL, body)
	if code != 200 {
		t.Fatalf("status %d: %v", code, m)
	}
	// Two 2 s slides with a 0.5 s crossfade at 25 fps: 3.5 s = 87.5 -> 88 frames.
	want := map[string]any{"frames": 88.0, "duration": 3.52, "width": 320.0, "height": 180.0, "fps": 25.0}
	for k, v := range want {
		if m[k] != v {
			t.Errorf("%s = %v, want %v", k, m[k], v)
		}
	}
	path, _ := m["output_path"].(string)
	st, err := os.Stat(path)
	if err != nil || filepath.Dir(path) != out || m["size_bytes"] != float64(st.Size()) {
		t.Errorf("output %q: %v, size_bytes %v", path, err, m["size_bytes"])
	}
	_, _, m2 := post(t, ts.URL, body)
	if m2["output_path"] == path {
		t.Errorf("two requests share the output %s", path)
	}
}

func TestGenerateVideoErrors(t *testing.T) {
	root, out := media(t)
	ts := newTestServer(t, ServerConfig{OutputDir: out, Roots: mustRoots(t, root), Render: fakeRender, MaxBody: 4096})
	tests := []struct {
		method, path, body string
		status             int
		field, msg         string
	}{
		{"GET", "/generateVideo", "", 405, "", "POST"},
		{"POST", "/health", "", 405, "", "GET"},
		{"GET", "/nope", "", 404, "", "no such endpoint"},
		{"POST", "/generateVideo", `{"image_paths":["a.jpg"],"fps":"x"}`, 400, "fps", "wrong type"},
		{"POST", "/generateVideo", `{"image_paths":`, 400, "", "JSON"},
		{"POST", "/generateVideo", `{"image_paths":["a.jpg"],"zoom_factor":0.5}`, 422, "zoom_factor", "from 1"},
		{"POST", "/generateVideo", `{"image_paths":["../../../etc/passwd"]}`, 403, "image_paths[0]", "outside"},
		{"POST", "/generateVideo", `{"image_paths":["a.jpg","c.jpg"]}`, 404, "image_paths[1]", "c.jpg"},
		{"POST", "/generateVideo", `{"image_paths":["a.jpg"],"pad":"` + strings.Repeat("x", 5000) + `"}`, 413, "", "larger than 4096"},
	}
	for _, tc := range tests {
		req, _ := http.NewRequest(tc.method, ts.URL+tc.path, strings.NewReader(tc.body))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		m := decodeBody(t, resp)
		resp.Body.Close()
		msg, _ := m["error"].(string)
		field, _ := m["field"].(string)
		if resp.StatusCode != tc.status || field != tc.field || !strings.Contains(msg, tc.msg) {
			t.Errorf("%s %s %.60s: %d %v; want %d field %q containing %q", tc.method, tc.path, tc.body, resp.StatusCode, m, tc.status, tc.field, tc.msg)
		}
	}
	if entries, _ := os.ReadDir(out); len(entries) != 0 {
		t.Errorf("failed requests left files: %v", entries)
	}
}

func TestGenerateVideoRenderErrors(t *testing.T) {
	root, out := media(t)
	for _, tc := range []struct {
		err    error
		status int
	}{
		{fmt.Errorf("image a.jpg: %w: not a JPEG", ErrBadInput), 422},
		{errors.New("ffmpeg failed encoding: exit status 1"), 500},
	} {
		render := func(ctx context.Context, p *project.Project, o string, _ func(int, int)) (Result, error) {
			os.WriteFile(o, []byte("partial"), 0o644)
			return Result{}, tc.err
		}
		ts := newTestServer(t, ServerConfig{OutputDir: out, Roots: mustRoots(t, root), Render: render})
		code, _, m := post(t, ts.URL, `{"image_paths":["a.jpg"]}`)
		if msg, _ := m["error"].(string); code != tc.status || !strings.Contains(msg, tc.err.Error()) {
			t.Errorf("render error %v: %d %v", tc.err, code, m)
		}
		if entries, _ := os.ReadDir(out); len(entries) != 0 {
			t.Errorf("failed render left files: %v", entries)
		}
	}
}

// The queue admits slots+queue requests; one more gets 503 at once. When
// the running render ends, the waiting one runs.
func TestBoundedQueue(t *testing.T) {
	root, out := media(t)
	started := make(chan string, 4)
	release := make(chan struct{})
	lim := NewLimiter(1, 1)
	ts := newTestServer(t, ServerConfig{OutputDir: out, Roots: mustRoots(t, root), Render: blockingRender(started, release),
		Limiter: lim, RetryAfter: 7 * time.Second})
	body := `{"image_paths":["a.jpg"]}`
	type reply struct {
		code int
		m    map[string]any
	}
	replies := make(chan reply, 2)
	go func() { c, _, m := post(t, ts.URL, body); replies <- reply{c, m} }()
	<-started // the first is rendering
	go func() { c, _, m := post(t, ts.URL, body); replies <- reply{c, m} }()
	waitFor(t, "the second request to wait", func() bool { r, w := lim.Stats(); return r == 1 && w == 1 })

	code, h, m := post(t, ts.URL, body)
	if code != 503 || h.Get("Retry-After") != "7" || !strings.Contains(m["error"].(string), "busy") {
		t.Errorf("third request: %d Retry-After %q %v; want 503, 7", code, h.Get("Retry-After"), m)
	}
	close(release)
	<-started // the second got the slot
	for range 2 {
		r := <-replies
		if r.code != 200 {
			t.Errorf("queued request: %d %v", r.code, r.m)
		}
	}
	if r, w := lim.Stats(); r != 0 || w != 0 {
		t.Errorf("after the renders: %d running, %d waiting", r, w)
	}
}

// A client that goes away cancels its render; the partial output is
// removed and the slot is free again.
func TestClientDisconnectCancelsRender(t *testing.T) {
	root, out := media(t)
	started := make(chan string, 1)
	lim := NewLimiter(1, 0)
	ts := newTestServer(t, ServerConfig{OutputDir: out, Roots: mustRoots(t, root), Render: blockingRender(started, nil), Limiter: lim})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		req, _ := http.NewRequestWithContext(ctx, "POST", ts.URL+"/generateVideo", strings.NewReader(`{"image_paths":["a.jpg"]}`))
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		done <- err
	}()
	partial := <-started
	if _, err := os.Stat(partial); err != nil {
		t.Fatalf("partial output missing while rendering: %v", err)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("client error = %v", err)
	}
	waitFor(t, "the render slot to be released", func() bool { r, w := lim.Stats(); return r == 0 && w == 0 })
	if _, err := os.Stat(partial); !os.IsNotExist(err) {
		t.Errorf("partial output %s still there: %v", partial, err)
	}
}

func TestLimiterWaitCancelled(t *testing.T) {
	lim := NewLimiter(1, 1)
	rel, err := lim.Acquire(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error)
	go func() { _, err := lim.Acquire(ctx); errc <- err }()
	waitFor(t, "a waiter", func() bool { _, w := lim.Stats(); return w == 1 })
	if _, err := lim.Acquire(context.Background()); !errors.Is(err, ErrBusy) {
		t.Errorf("full queue: %v, want ErrBusy", err)
	}
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled waiter: %v", err)
	}
	rel()
	if r, w := lim.Stats(); r != 0 || w != 0 {
		t.Errorf("after release: %d running %d waiting", r, w)
	}
}

// waitFor polls cond until it holds; the test's own deadline bounds it.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline, ok := t.Deadline()
	for !cond() {
		if ok && time.Until(deadline) < 5*time.Second {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
