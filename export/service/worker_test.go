package service

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/slidereel/slidereel/project"
)

// syncBuffer is a goroutine-safe log sink whose content a failing test prints.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// testQueue returns a queue name and task prefix of the test's own.
func testQueue(t *testing.T) (queue, prefix string) {
	n := strings.NewReplacer("/", "-", " ", "-").Replace(t.Name())
	return "queue:" + n, "task:" + n + ":"
}

type workerOpt func(*WorkerConfig)

func newWorker(t *testing.T, rdb *redis.Client, id string, render RenderFunc, root, out string, opts ...workerOpt) *Worker {
	t.Helper()
	q, prefix := testQueue(t)
	logs := &syncBuffer{}
	cfg := WorkerConfig{
		Client: rdb, Queue: q, TaskPrefix: prefix, ID: id, OutputDir: out, Roots: mustRoots(t, root), Render: render,
		HeartbeatTTL: 300 * time.Millisecond, ReapEvery: 50 * time.Millisecond, BlockTimeout: 50 * time.Millisecond,
		DependencyRetry: 20 * time.Millisecond, Log: log.New(logs, "", log.Lmicroseconds),
	}
	for _, o := range opts {
		o(&cfg)
	}
	w, err := NewWorker(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("log of worker %s:\n%s", id, logs)
		}
	})
	return w
}

// start runs w until the returned stop is called (also at cleanup).
func start(t *testing.T, w *Worker) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("worker %s: %v", w.ID(), err)
			}
		})
	}
	t.Cleanup(stop)
	return stop
}

func enqueue(t *testing.T, rdb *redis.Client, task Task) {
	t.Helper()
	q, prefix := testQueue(t)
	if err := Enqueue(context.Background(), rdb, q, prefix, task); err != nil {
		t.Fatal(err)
	}
}

func taskHash(t *testing.T, rdb *redis.Client, id string) map[string]string {
	t.Helper()
	_, prefix := testQueue(t)
	h, err := rdb.HGetAll(context.Background(), prefix+id).Result()
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func waitStatus(t *testing.T, rdb *redis.Client, id string, statuses ...string) map[string]string {
	t.Helper()
	var h map[string]string
	waitFor(t, fmt.Sprintf("task %s to be %v", id, statuses), func() bool {
		h = taskHash(t, rdb, id)
		return slices.Contains(statuses, h["status"])
	})
	return h
}

func listLen(t *testing.T, rdb *redis.Client, key string) int64 {
	t.Helper()
	n, err := rdb.LLen(context.Background(), key).Result()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func params(t *testing.T, v any) json.RawMessage {
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestWorkerRunsTasks(t *testing.T) {
	rdb := needRedis(t)
	root, out := media(t)
	w := newWorker(t, rdb, "w1", fakeRender, root, out)
	q, prefix := testQueue(t)
	enqueue(t, rdb, Task{ID: "v1", Type: TypeCreateVideo, Params: params(t, map[string]any{"image_paths": []string{"a.jpg", "b.jpg"}, "resolution": []int{320, 180}})})
	enqueue(t, rdb, Task{ID: "v2", Type: TypeGenerateVideo, Params: params(t, map[string]any{"image_paths": []string{"b.jpg"}, "fps": 30, "slide_duration": 1.5})})
	// A producer that only pushes the JSON, as the old callers did.
	rdb.LPush(context.Background(), q, `{"id":"v3","type":"CreateVideoFromSlides","params":{"image_paths":["a.jpg"]},"extra":"ignored"}`)
	start(t, w)
	for _, tc := range []struct {
		id     string
		frames int
		fps    int
		width  int
	}{{"v1", 132, 24, 320}, {"v2", 45, 30, 1920}, {"v3", 72, 24, 1920}} {
		h := waitStatus(t, rdb, tc.id, StatusDone, StatusFailed)
		if h["status"] != StatusDone || h["completions"] != "1" || h["attempts"] != "1" || h["worker"] != "w1" {
			t.Errorf("task %s: %v", tc.id, h)
			continue
		}
		var res Result
		if err := json.Unmarshal([]byte(h["result"]), &res); err != nil {
			t.Fatalf("task %s result: %v", tc.id, err)
		}
		if want := fmt.Sprintf("%d/%d", tc.frames, tc.frames); h["progress"] != want {
			t.Errorf("task %s progress %q, want %q", tc.id, h["progress"], want)
		}
		if res.OutputPath != outputName(out, tc.id) || res.Frames != tc.frames || res.FPS != tc.fps || res.Width != tc.width || res.SizeBytes == 0 {
			t.Errorf("task %s result %+v", tc.id, res)
		}
	}
	if n := listLen(t, rdb, q) + listLen(t, rdb, q+":processing:w1"); n != 0 {
		t.Errorf("%d tasks left on the lists", n)
	}
	_ = prefix
}

func TestWorkerBadTasks(t *testing.T) {
	rdb := needRedis(t)
	root, out := media(t)
	w := newWorker(t, rdb, "w1", fakeRender, root, out)
	q, _ := testQueue(t)
	ctx := context.Background()
	rdb.LPush(ctx, q, `not json`, `{"type":"CreateVideo"}`)
	enqueue(t, rdb, Task{ID: "t-type", Type: "MakeCoffee"})
	enqueue(t, rdb, Task{ID: "t-field", Type: TypeCreateVideo, Params: params(t, map[string]any{"image_paths": []string{"a.jpg"}, "fps": "fast"})})
	enqueue(t, rdb, Task{ID: "t-root", Type: TypeCreateVideo, Params: params(t, map[string]any{"image_paths": []string{"/etc/passwd"}})})
	enqueue(t, rdb, Task{ID: "t-none", Type: TypeCreateVideo})
	start(t, w)
	for id, want := range map[string]string{
		"t-type":  `unknown task type "MakeCoffee"`,
		"t-field": "params: fps: wrong type",
		"t-root":  "image_paths[0]: /etc/passwd is outside the media roots",
		"t-none":  "image_paths: is missing",
	} {
		h := waitStatus(t, rdb, id, StatusDone, StatusFailed)
		if h["status"] != StatusFailed || !strings.Contains(h["error"], want) || h["result"] != "" {
			t.Errorf("task %s: %v; want failed with %q", id, h, want)
		}
	}
	waitFor(t, "the unusable tasks on the dead list", func() bool { return listLen(t, rdb, q+":dead") == 2 })
}

// recordingRender records the project of each task (by output file).
type recordingRender struct {
	mu       sync.Mutex
	projects map[string]*project.Project
	count    map[string]int
}

func (r *recordingRender) render(ctx context.Context, p *project.Project, out string, progress func(int, int)) (Result, error) {
	r.mu.Lock()
	if r.projects == nil {
		r.projects, r.count = map[string]*project.Project{}, map[string]int{}
	}
	r.projects[filepath.Base(out)] = p.Clone()
	r.count[filepath.Base(out)]++
	r.mu.Unlock()
	return fakeRender(ctx, p, out, progress)
}

func (r *recordingRender) get(out string) (*project.Project, int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.projects[filepath.Base(out)], r.count[filepath.Base(out)]
}

func TestWorkerDependencies(t *testing.T) {
	rdb := needRedis(t)
	root, out := media(t)
	_, prefix := testQueue(t)
	ctx := context.Background()
	rr := &recordingRender{}
	w := newWorker(t, rdb, "w1", rr.render, root, out)
	realRoot, _ := filepath.EvalSymlinks(root)
	rdb.HSet(ctx, prefix+"img1", "status", "done", "result", `{"image_path":"`+filepath.Join(root, "b.jpg")+`"}`)
	rdb.HSet(ctx, prefix+"img2", "status", "done", "result", `{"output_path":"a.jpg","size":3}`)
	rdb.HSet(ctx, prefix+"voice", "status", "running")
	rdb.HSet(ctx, prefix+"bad", "status", "failed", "error", "TTS engine crashed")
	enqueue(t, rdb, Task{ID: "film", Type: TypeCreateVideoFromSlides,
		Params:       params(t, map[string]any{"fps": 25, "resolution": []int{160, 90}, "image_paths": []string{"ignored.jpg"}}),
		Dependencies: Dependencies{VoiceTrackID: "voice", SlideIDs: []string{"img1", "img2"}}})
	enqueue(t, rdb, Task{ID: "broken", Type: TypeCreateVideoFromSlides, Dependencies: Dependencies{VoiceTrackID: "bad", SlideIDs: []string{"img1"}}})
	enqueue(t, rdb, Task{ID: "noresult", Type: TypeCreateVideoFromSlides, Dependencies: Dependencies{SlideIDs: []string{"img1", "voice2"}}})
	rdb.HSet(ctx, prefix+"voice2", "status", "done", "result", `{"duration": 3}`)
	start(t, w)

	h := waitStatus(t, rdb, "broken", StatusDone, StatusFailed)
	if h["status"] != StatusFailed || !strings.Contains(h["error"], "dependencies.voice_track_id: task bad failed: TTS engine crashed") {
		t.Errorf("task with a failed dependency: %v", h)
	}
	h = waitStatus(t, rdb, "noresult", StatusDone, StatusFailed)
	if h["status"] != StatusFailed || !strings.Contains(h["error"], "dependencies.slide_ids[1]: task voice2: result has none of") {
		t.Errorf("task with a dependency without a path: %v", h)
	}
	// The voice track is not done: the task waits, then runs once it is.
	waitStatus(t, rdb, "film", StatusWaiting)
	if _, n := rr.get(outputName(out, "film")); n != 0 {
		t.Fatalf("rendered before its dependency was done")
	}
	rdb.HSet(ctx, prefix+"voice", "status", "done", "result", `{"audio_path":"voice.wav"}`)
	h = waitStatus(t, rdb, "film", StatusDone, StatusFailed)
	if h["status"] != StatusDone || h["completions"] != "1" || h["waiting_since"] == "" {
		t.Fatalf("film: %v", h)
	}
	p, n := rr.get(outputName(out, "film"))
	if n != 1 {
		t.Fatalf("film rendered %d times", n)
	}
	if len(p.Slides) != 2 || p.Slides[0].Image.Path != filepath.Join(realRoot, "b.jpg") || p.Slides[1].Image.Path != filepath.Join(realRoot, "a.jpg") {
		t.Errorf("slides = %+v", p.Slides)
	}
	if len(p.Soundtrack.Music) != 1 || p.Soundtrack.Music[0].Path != filepath.Join(realRoot, "voice.wav") || p.Timing != project.TimingFitAudio {
		t.Errorf("soundtrack = %+v timing %s", p.Soundtrack.Music, p.Timing)
	}
	if p.Output.FPS != 25 || p.Output.Width != 160 {
		t.Errorf("output = %+v; want the params' 25 fps 160x90", p.Output)
	}
}

// A task fails, with a message saying why, once its dependency has not
// finished within DependencyTimeout, or once it has been tried
// MaxAttempts times by workers that died.
func TestWorkerGivesUp(t *testing.T) {
	rdb := needRedis(t)
	for _, tc := range []struct {
		name     string
		config   func(c *WorkerConfig)
		task     func(t *testing.T) Task
		attempts int // already made
		want     string
	}{
		{"dependency timeout", func(c *WorkerConfig) { c.DependencyTimeout = 100 * time.Millisecond },
			func(*testing.T) Task {
				return Task{ID: "late", Type: TypeCreateVideoFromSlides, Dependencies: Dependencies{SlideIDs: []string{"never"}}}
			}, 0, "task never is not done yet after waiting"},
		{"max attempts", func(c *WorkerConfig) { c.MaxAttempts = 2 },
			func(t *testing.T) Task {
				return Task{ID: "poison", Type: TypeCreateVideo, Params: params(t, map[string]any{"image_paths": []string{"a.jpg"}})}
			}, 2, "gave up after 2 attempts"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root, out := media(t)
			_, prefix := testQueue(t)
			w := newWorker(t, rdb, "w1", fakeRender, root, out, tc.config)
			task := tc.task(t)
			enqueue(t, rdb, task)
			if tc.attempts > 0 {
				rdb.HSet(context.Background(), prefix+task.ID, "attempts", tc.attempts)
			}
			start(t, w)
			h := waitStatus(t, rdb, task.ID, StatusFailed, StatusDone)
			if h["status"] != StatusFailed || !strings.Contains(h["error"], tc.want) {
				t.Errorf("%s: %v", task.ID, h)
			}
		})
	}
}

// Two workers share a queue; one dies (its process is gone: no Redis
// connection, no heartbeat, no cleanup) in the middle of a task. The other
// requeues that task once the heartbeat expires and does it: every task is
// done exactly once, none is lost.
func TestWorkerKilledMidTask(t *testing.T) {
	rdb := needRedis(t)
	root, out := media(t)
	q, _ := testQueue(t)
	victimConn := redis.NewClient(&redis.Options{Addr: redisAddr})
	defer victimConn.Close()
	started := make(chan string, 1)
	victim := newWorker(t, victimConn, "victim", blockingRender(started, nil), root, out)
	rr := &recordingRender{}
	survivorConn := redis.NewClient(&redis.Options{Addr: redisAddr})
	t.Cleanup(func() { survivorConn.Close() })
	survivor := newWorker(t, survivorConn, "survivor", rr.render, root, out)

	const n = 8
	for i := range n {
		enqueue(t, rdb, Task{ID: fmt.Sprintf("job%d", i), Type: TypeGenerateVideo,
			Params: params(t, map[string]any{"image_paths": []string{"a.jpg", "b.jpg"}, "resolution": []int{160, 90}})})
	}
	ctx, kill := context.WithCancel(context.Background())
	victimDone := make(chan error, 1)
	go func() { victimDone <- victim.Run(ctx) }()
	partial := <-started // the victim is rendering its task
	victimTask := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(partial), "video-"), ".mp4")
	start(t, survivor)
	waitFor(t, "the survivor to take tasks", func() bool { return listLen(t, rdb, q) < n-1 })

	// Kill: the connection goes first, so nothing the victim does after
	// this reaches Redis.
	victimConn.Close()
	kill()
	<-victimDone
	if h := taskHash(t, rdb, victimTask); h["status"] != StatusRunning || h["worker"] != "victim" {
		t.Fatalf("the victim's task before reaping: %v", h)
	}

	for i := range n {
		id := fmt.Sprintf("job%d", i)
		h := waitStatus(t, rdb, id, StatusDone, StatusFailed)
		if h["status"] != StatusDone || h["completions"] != "1" || h["worker"] != "survivor" {
			t.Errorf("task %s: %v; want done once by the survivor", id, h)
		}
		if _, c := rr.get(outputName(out, id)); c != 1 {
			t.Errorf("task %s rendered %d times by the survivor", id, c)
		}
		if st, err := os.Stat(outputName(out, id)); err != nil || st.Size() == 0 {
			t.Errorf("task %s output: %v", id, err)
		}
	}
	h := taskHash(t, rdb, victimTask)
	if h["attempts"] != "2" || h["requeued"] != "1" {
		t.Errorf("the victim's task %s: %v; want 2 attempts, requeued once", victimTask, h)
	}
	for _, l := range []string{q, q + ":processing:victim", q + ":processing:survivor", q + ":dead"} {
		if n := listLen(t, rdb, l); n != 0 {
			t.Errorf("%s holds %d tasks", l, n)
		}
	}
	if ids, _ := rdb.SMembers(context.Background(), q+":workers").Result(); len(ids) != 1 || ids[0] != "survivor" {
		t.Errorf("registered workers = %v, want only the survivor", ids)
	}
}

// A worker presumed dead that comes back late cannot complete its task:
// the reaper gave it to another worker, which does it.
func TestZombieCannotComplete(t *testing.T) {
	rdb := needRedis(t)
	root, out := media(t)
	q, _ := testQueue(t)
	ctx := context.Background()
	zombie := newWorker(t, rdb, "zombie", fakeRender, root, out)
	task := Task{ID: "z1", Type: TypeCreateVideo, Params: params(t, map[string]any{"image_paths": []string{"a.jpg"}})}
	enqueue(t, rdb, task)
	// The zombie took the task and registered, then its heartbeat lapsed.
	raw, err := rdb.LMove(ctx, q, q+":processing:zombie", "RIGHT", "LEFT").Result()
	if err != nil {
		t.Fatal(err)
	}
	rdb.SAdd(ctx, q+":workers", "zombie")
	other := newWorker(t, rdb, "other", fakeRender, root, out)
	if n, err := other.Reap(ctx); err != nil || n != 1 {
		t.Fatalf("Reap = %d, %v; want 1 task requeued", n, err)
	}
	if h := taskHash(t, rdb, "z1"); h["status"] != StatusQueued || h["requeued"] != "1" {
		t.Errorf("after reaping: %v", h)
	}
	if n, err := zombie.finish(ctx, task, raw, StatusDone, `{"output_path":"late"}`); err != nil || n != 0 {
		t.Errorf("the zombie's completion = %d, %v; want dropped (0)", n, err)
	}
	if h := taskHash(t, rdb, "z1"); h["status"] == StatusDone || h["completions"] != "" {
		t.Errorf("the zombie completed the task: %v", h)
	}
	start(t, other)
	h := waitStatus(t, rdb, "z1", StatusDone, StatusFailed)
	if h["status"] != StatusDone || h["worker"] != "other" || h["completions"] != "1" {
		t.Errorf("z1: %v", h)
	}
	// A second copy of a done task is dropped, not redone.
	rdb.LPush(ctx, q, raw)
	waitFor(t, "the duplicate to be taken", func() bool { return listLen(t, rdb, q) == 0 && listLen(t, rdb, q+":processing:other") == 0 })
	if h := taskHash(t, rdb, "z1"); h["completions"] != "1" || h["attempts"] != "1" {
		t.Errorf("after a duplicate: %v", h)
	}
}

// A stopped worker (SIGTERM) cancels its render and puts the task back.
func TestWorkerGracefulStop(t *testing.T) {
	rdb := needRedis(t)
	root, out := media(t)
	q, _ := testQueue(t)
	started := make(chan string, 1)
	w := newWorker(t, rdb, "w1", blockingRender(started, nil), root, out)
	enqueue(t, rdb, Task{ID: "g1", Type: TypeCreateVideo, Params: params(t, map[string]any{"image_paths": []string{"a.jpg"}})})
	stop := start(t, w)
	partial := <-started
	stop()
	if h := taskHash(t, rdb, "g1"); h["status"] != StatusQueued {
		t.Errorf("after stop: %v", h)
	}
	if listLen(t, rdb, q) != 1 || listLen(t, rdb, q+":processing:w1") != 0 {
		t.Errorf("the task is not back on the queue")
	}
	if _, err := os.Stat(partial); !os.IsNotExist(err) {
		t.Errorf("partial output left: %v", err)
	}
	ctx := context.Background()
	if n, _ := rdb.Exists(ctx, q+":worker:w1").Result(); n != 0 {
		t.Error("heartbeat left behind")
	}
	if ok, _ := rdb.SIsMember(ctx, q+":workers", "w1").Result(); ok {
		t.Error("still registered")
	}
}

// A worker restarted with the same id puts back what its earlier life left
// in its processing list.
func TestWorkerRecoversOwnList(t *testing.T) {
	rdb := needRedis(t)
	root, out := media(t)
	q, _ := testQueue(t)
	ctx := context.Background()
	enqueue(t, rdb, Task{ID: "r1", Type: TypeCreateVideo, Params: params(t, map[string]any{"image_paths": []string{"a.jpg"}})})
	rdb.LMove(ctx, q, q+":processing:w1", "RIGHT", "LEFT")
	w := newWorker(t, rdb, "w1", fakeRender, root, out)
	start(t, w)
	if h := waitStatus(t, rdb, "r1", StatusDone, StatusFailed); h["status"] != StatusDone {
		t.Errorf("r1: %v", h)
	}
}

// A worker with Concurrency 2 renders two tasks at once.
func TestWorkerConcurrency(t *testing.T) {
	rdb := needRedis(t)
	root, out := media(t)
	started := make(chan string, 3)
	release := make(chan struct{})
	w := newWorker(t, rdb, "w1", blockingRender(started, release), root, out, func(c *WorkerConfig) { c.Concurrency = 2 })
	for _, id := range []string{"c1", "c2", "c3"} {
		enqueue(t, rdb, Task{ID: id, Type: TypeCreateVideo, Params: params(t, map[string]any{"image_paths": []string{"a.jpg"}})})
	}
	start(t, w)
	<-started
	<-started // two renders run at once
	q, _ := testQueue(t)
	if n := listLen(t, rdb, q+":processing:w1"); n != 2 {
		t.Errorf("processing list holds %d tasks, want 2", n)
	}
	close(release)
	for _, id := range []string{"c1", "c2", "c3"} {
		if h := waitStatus(t, rdb, id, StatusDone, StatusFailed); h["status"] != StatusDone || h["completions"] != "1" {
			t.Errorf("%s: %v", id, h)
		}
	}
}
