package service

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/slidereel/slidereel/export"
	"github.com/slidereel/slidereel/project"
)

// farmProject is 6 photos of 5 s with 1 s crossfades at 5 fps, 160x90:
// six segments (export.MinSegmentSeconds), in root.
func farmProject(t *testing.T, root string) *project.Project {
	t.Helper()
	p := project.New()
	p.Output = project.Output{Width: 160, Height: 90, FPS: 5}
	p.Defaults.Duration = 5
	p.Defaults.Transition = project.Transition{Kind: project.Crossfade, Duration: 1}
	for i := range 6 {
		path := filepath.Join(root, fmt.Sprintf("p%d.jpg", i))
		writeJPEG(t, path, 64, 48, uint8(30*i))
		p.AddImages(path)
	}
	p.Soundtrack.Music = []project.MediaRef{{Path: filepath.Join(root, "voice.wav")}}
	return p
}

// TestFarmWorkerKilledMidSegment renders a show's segments on two
// workers sharing a cache; one is killed while it holds a segment task.
// The reaper gives that task to the other worker, the coordinator
// assembles a complete file, and every segment task completes once.
func TestFarmWorkerKilledMidSegment(t *testing.T) {
	needFFmpeg(t)
	rdb := needRedis(t)
	root, out := media(t)
	q, prefix := testQueue(t)
	cache, err := export.OpenSegmentCache(filepath.Join(root, "segments"), 0)
	if err != nil {
		t.Fatal(err)
	}
	withCache := func(c *WorkerConfig) { c.SegmentCache = cache }

	victimConn := redis.NewClient(&redis.Options{Addr: redisAddr})
	defer victimConn.Close()
	victim := newWorker(t, victimConn, "victim", fakeRender, root, out, withCache)
	started := make(chan string, 1)
	victim.beforeSegment = func(ctx context.Context, id string) error {
		started <- id
		<-ctx.Done() // held until killed
		return ctx.Err()
	}
	survivorConn := redis.NewClient(&redis.Options{Addr: redisAddr})
	t.Cleanup(func() { survivorConn.Close() })
	survivor := newWorker(t, survivorConn, "survivor", fakeRender, root, out, withCache)

	ctx, kill := context.WithCancel(context.Background())
	victimDone := make(chan error, 1)
	go func() { victimDone <- victim.Run(ctx) }()

	p := farmProject(t, root)
	s := export.Settings{Output: filepath.Join(out, "show.mp4"), Width: 160, Height: 90, FPS: 5, CRF: 30, X264Preset: "ultrafast"}
	farm := &Farm{Client: rdb, Queue: q, TaskPrefix: prefix}
	var last export.Progress
	mid := 0 // progress reports between the start and the end
	exported := make(chan error, 1)
	go func() {
		exported <- export.ExportSegments(context.Background(), p, s,
			export.SegmentOptions{Cache: cache, Encode: farm.Encoder(p, s, cache)}, func(pr export.Progress) {
				last = pr
				if pr.Frame > 0 && pr.Frame < pr.Total {
					mid++
				}
			})
	}()
	victimTask := <-started // the victim holds a segment task
	start(t, survivor)
	// Kill: the connection goes first, so nothing the victim does after
	// this reaches Redis.
	victimConn.Close()
	kill()
	<-victimDone

	if err := <-exported; err != nil {
		t.Fatal(err)
	}
	if last.Segments != 6 || last.Reused != 0 || last.Frame != 125 {
		t.Errorf("progress %+v", last)
	}
	if mid == 0 {
		t.Error("no progress while the workers finished segments")
	}
	h := taskHash(t, rdb, victimTask)
	if h["status"] != StatusDone || h["worker"] != "survivor" || h["completions"] != "1" || h["requeued"] != "1" {
		t.Errorf("the victim's task %s: %v; want done once by the survivor after one requeue", victimTask, h)
	}
	keys, err := rdb.Keys(context.Background(), prefix+"segment-*").Result()
	if err != nil || len(keys) != 6 {
		t.Fatalf("segment tasks %v (%v), want 6", keys, err)
	}
	for _, k := range keys {
		if h, _ := rdb.HGetAll(context.Background(), k).Result(); h["status"] != StatusDone || h["completions"] != "1" {
			t.Errorf("%s: %v", k, h)
		}
	}
	// 6 slides of 5 s with 1 s crossfades: 25 s, 125 frames at 5 fps.
	n, err := exec.Command("ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries",
		"stream=nb_read_frames", "-of", "csv=p=0", s.Output).Output()
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := strconv.Atoi(strings.TrimSpace(string(n))); got != 125 {
		t.Errorf("assembled video has %d frames, want 125", got)
	}
	// The same export again: everything from the cache, no task queued.
	if err := export.ExportSegments(context.Background(), p, s,
		export.SegmentOptions{Cache: cache, Encode: farm.Encoder(p, s, cache)}, func(pr export.Progress) { last = pr }); err != nil {
		t.Fatal(err)
	}
	if last.Reused != 6 {
		t.Errorf("second farm export reused %d segments", last.Reused)
	}
}

// TestSegmentTaskRefusesForeignKey: a worker does not store frames under
// a key it does not compute itself.
func TestSegmentTaskRefusesForeignKey(t *testing.T) {
	needFFmpeg(t)
	rdb := needRedis(t)
	root, out := media(t)
	cache, err := export.OpenSegmentCache(filepath.Join(root, "segments"), 0)
	if err != nil {
		t.Fatal(err)
	}
	w := newWorker(t, rdb, "w", fakeRender, root, out, func(c *WorkerConfig) { c.SegmentCache = cache })
	start(t, w)
	p := farmProject(t, root)
	enqueue(t, rdb, Task{ID: "seg", Type: TypeRenderSegment, Params: params(t, SegmentParams{
		Project: p, Settings: SegmentSettings{Width: 160, Height: 90, FPS: 5, CRF: 30, X264Preset: "ultrafast"}, Key: strings.Repeat("ab", 32)})})
	h := waitStatus(t, rdb, "seg", StatusDone, StatusFailed)
	if h["status"] != StatusFailed || !strings.Contains(h["error"], "no segment of this project has key") {
		t.Errorf("task: %v", h)
	}
	if ents, _ := os.ReadDir(cache.Dir()); len(ents) != 0 {
		t.Errorf("cache holds %d files", len(ents))
	}
	// A photo outside the media roots is refused like in any task.
	p.Slides[0].Image.Path = "/etc/hostname"
	enqueue(t, rdb, Task{ID: "seg2", Type: TypeRenderSegment, Params: params(t, SegmentParams{
		Project: p, Settings: SegmentSettings{Width: 160, Height: 90, FPS: 5}, Key: "x"})})
	if h := waitStatus(t, rdb, "seg2", StatusDone, StatusFailed); h["status"] != StatusFailed || !strings.Contains(h["error"], "outside the media roots") {
		t.Errorf("task: %v", h)
	}
}
