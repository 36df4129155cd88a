package service

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"strings"
	"testing"
)

// The HTTP API renders a tiny job with the real engine: two JPEGs and a
// 1 s WAV at 160x90, 24 fps, the length synced to the audio.
func TestGenerateVideoEngine(t *testing.T) {
	needFFmpeg(t)
	root, out := media(t)
	ts := newTestServer(t, ServerConfig{OutputDir: out, Roots: mustRoots(t, root), Render: EngineRender, Version: "test"})
	code, _, m := post(t, ts.URL, `{"audio_path":"voice.wav","image_paths":["a.jpg","b.jpg"],"resolution":[160,90],"slide_duration":1,"transition_duration":0.25}`)
	if code != 200 {
		t.Fatalf("status %d: %v", code, m)
	}
	data, _ := json.Marshal(m)
	var res Result
	json.Unmarshal(data, &res)
	// Fit-audio: 1 s of audio at 24 fps is 24 frames.
	if res.Frames != 24 || res.Duration != 1 || res.Width != 160 || res.Height != 90 || res.FPS != 24 {
		t.Errorf("result %+v; want 24 frames, 1 s, 160x90 at 24 fps", res)
	}
	pi := ffprobe(t, res.OutputPath)
	if pi.Width != 160 || pi.Height != 90 || pi.Frames != res.Frames || !pi.Audio || math.Abs(pi.Duration-res.Duration) > 0.1 {
		t.Errorf("ffprobe %+v; want 160x90, %d frames, audio, %.2f s", pi, res.Frames, res.Duration)
	}
	if st, err := os.Stat(res.OutputPath); err != nil || st.Size() != res.SizeBytes {
		t.Errorf("size_bytes %d, file %v", res.SizeBytes, err)
	}

	// An image that exists but is not one is the request's fault: 422.
	os.WriteFile(root+"/fake.jpg", []byte("not a jpeg"), 0o644)
	code, _, m = post(t, ts.URL, `{"image_paths":["a.jpg","fake.jpg"],"resolution":[160,90]}`)
	if msg, _ := m["error"].(string); code != 422 || !strings.Contains(msg, "fake.jpg") {
		t.Errorf("broken image: %d %v", code, m)
	}
}

// The worker renders a CreateVideoFromSlides task whose images and voice
// come from earlier tasks' results, with the real engine.
func TestWorkerEngine(t *testing.T) {
	needFFmpeg(t)
	rdb := needRedis(t)
	root, out := media(t)
	_, prefix := testQueue(t)
	ctx := context.Background()
	rdb.HSet(ctx, prefix+"s1", "status", "done", "result", `{"image_path":"a.jpg"}`)
	rdb.HSet(ctx, prefix+"s2", "status", "done", "result", `{"image_path":"b.jpg"}`)
	rdb.HSet(ctx, prefix+"tts", "status", "done", "result", `{"audio_path":"voice.wav"}`)
	w := newWorker(t, rdb, "w1", EngineRender, root, out)
	enqueue(t, rdb, Task{ID: "movie", Type: TypeCreateVideoFromSlides,
		Params:       params(t, map[string]any{"resolution": []int{160, 90}, "fps": 25}),
		Dependencies: Dependencies{VoiceTrackID: "tts", SlideIDs: []string{"s1", "s2"}}})
	start(t, w)
	h := waitStatus(t, rdb, "movie", StatusDone, StatusFailed)
	if h["status"] != StatusDone {
		t.Fatalf("movie: %v", h)
	}
	var res Result
	if err := json.Unmarshal([]byte(h["result"]), &res); err != nil {
		t.Fatal(err)
	}
	if res.Frames != 25 || res.FPS != 25 || res.OutputPath != outputName(out, "movie") {
		t.Errorf("result %+v; want 25 frames at 25 fps in %s", res, outputName(out, "movie"))
	}
	pi := ffprobe(t, res.OutputPath)
	if pi.Width != 160 || pi.Height != 90 || pi.Frames != 25 || !pi.Audio {
		t.Errorf("ffprobe %+v; want 160x90, 25 frames, audio", pi)
	}
}

// A truncated photo renders with a warning in the result naming it; with
// "strict": true the request is refused (422) and nothing is written.
func TestGenerateVideoDamagedPhoto(t *testing.T) {
	needFFmpeg(t)
	root, out := media(t)
	data, err := os.ReadFile(root + "/b.jpg")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(root+"/cut.jpg", data[:len(data)*2/3], 0o644)
	ts := newTestServer(t, ServerConfig{OutputDir: out, Roots: mustRoots(t, root), Render: EngineRender, Version: "test"})
	req := `{"image_paths":["a.jpg","cut.jpg"],"resolution":[160,90],"slide_duration":0.5,"transition_duration":0`
	code, _, m := post(t, ts.URL, req+`,"strict":true}`)
	if msg, _ := m["error"].(string); code != 422 || !strings.Contains(msg, "cut.jpg is damaged") {
		t.Errorf("strict: %d %v; want 422 naming cut.jpg", code, m)
	}
	if names, _ := os.ReadDir(out); len(names) != 0 {
		t.Errorf("strict: wrote %v", names)
	}
	code, _, m = post(t, ts.URL, req+`}`)
	warns, _ := m["warnings"].([]any)
	if code != 200 || len(warns) != 1 || !strings.Contains(warns[0].(string), "cut.jpg is damaged") {
		t.Errorf("lenient: %d %v; want 200 with a warning naming cut.jpg", code, m)
	}
}
