package service

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/slidereel/slidereel/internal/testmedia"

	"github.com/redis/go-redis/v9"

	"github.com/slidereel/slidereel/project"
)

// redisAddr is the test redis-server started by TestMain ("" if none).
var (
	redisAddr string
	redisErr  error
)

func TestMain(m *testing.M) {
	if os.Getenv(helperEnv) != "" {
		os.Exit(helperWorker())
	}
	// No test may write into the real user cache (the worker command
	// opens the segment cache).
	// (os.Exit runs no deferred calls: the folder is removed by hand.)
	cleanup := testmedia.IsolateCaches("slidereel-service-test-")
	stop, err := startRedis()
	redisErr = err
	code := m.Run()
	if stop != nil {
		stop()
	}
	cleanup()
	os.Exit(code)
}

// startRedis starts redis-server on a free loopback port without
// persistence and waits until it answers.
func startRedis() (stop func(), err error) {
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		return nil, fmt.Errorf("redis-server not found (install the redis-server package): %w", err)
	}
	dir, err := os.MkdirTemp("", "slidereel-redis-")
	if err != nil {
		return nil, err
	}
	var lastErr error
	for range 5 {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		port := l.Addr().(*net.TCPAddr).Port
		l.Close()
		cmd := exec.Command(bin, "--port", strconv.Itoa(port), "--bind", "127.0.0.1",
			"--save", "", "--appendonly", "no", "--dir", dir, "--loglevel", "warning")
		var stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stderr, &stderr
		if err := cmd.Start(); err != nil {
			return nil, fmt.Errorf("starting redis-server: %w", err)
		}
		addr := fmt.Sprintf("127.0.0.1:%d", port)
		c := redis.NewClient(&redis.Options{Addr: addr})
		ok := false
		for range 100 {
			if c.Ping(context.Background()).Err() == nil {
				ok = true
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		c.Close()
		if ok {
			redisAddr = addr
			return func() {
				cmd.Process.Kill()
				cmd.Wait()
				os.RemoveAll(dir)
			}, nil
		}
		cmd.Process.Kill()
		cmd.Wait()
		lastErr = fmt.Errorf("redis-server on %s did not answer: %s", addr, stderr.String())
	}
	os.RemoveAll(dir)
	return nil, lastErr
}

// needRedis returns a client of the test server; without redis-server the
// test fails under CI=true and is skipped otherwise.
func needRedis(t *testing.T) *redis.Client {
	t.Helper()
	if redisAddr == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("redis-server is required under CI: %v", redisErr)
		}
		t.Skipf("no redis-server: %v", redisErr)
	}
	c := redis.NewClient(&redis.Options{Addr: redisAddr})
	t.Cleanup(func() { c.Close() })
	// Start from a clean slate: drop what an earlier run of this test left.
	q, prefix := testQueue(t)
	ctx := context.Background()
	for _, pattern := range []string{q, q + ":*", prefix + "*"} {
		keys, err := c.Keys(ctx, pattern).Result()
		if err != nil {
			t.Fatal(err)
		}
		if len(keys) > 0 {
			c.Del(ctx, keys...)
		}
	}
	return c
}

// needFFmpeg is the shared helper: skip without ffmpeg/ffprobe, fail under CI=true.
var needFFmpeg = testmedia.NeedFFmpeg

// writeJPEG writes a w x h JPEG with a colour gradient.
func writeJPEG(t *testing.T, path string, w, h int, seed uint8) {
	testmedia.WriteJPEG(t, path, testmedia.Photo(w, h, seed), 85)
}

// writeWAV writes a 16-bit mono 48 kHz sine of the given length.
func writeWAV(t *testing.T, path string, seconds float64) {
	testmedia.WAV{Channels: 1, Seconds: seconds}.Write(t, path)
}

// media makes a media root with two tiny JPEGs (a.jpg, b.jpg) and a short
// WAV (voice.wav), and an output folder.
func media(t *testing.T) (root, out string) {
	t.Helper()
	base := t.TempDir()
	root, out = filepath.Join(base, "media"), filepath.Join(base, "out")
	for _, d := range []string{root, out} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	writeJPEG(t, filepath.Join(root, "a.jpg"), 64, 48, 10)
	writeJPEG(t, filepath.Join(root, "b.jpg"), 48, 64, 90)
	writeWAV(t, filepath.Join(root, "voice.wav"), 1.0)
	return root, out
}

func mustRoots(t *testing.T, dirs ...string) *Roots {
	t.Helper()
	r, err := NewRoots(dirs...)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// fakeRender writes a small file instead of a video and reports the
// project's timeline length (music length unknown: fixed timing).
func fakeRender(ctx context.Context, p *project.Project, out string, progress func(done, total int)) (Result, error) {
	tl := p.Timeline(project.MediaDurations{})
	progress(tl.Frames, tl.Frames)
	if err := os.WriteFile(out, []byte("fake video of "+strconv.Itoa(len(p.Slides))+" slides"), 0o644); err != nil {
		return Result{}, err
	}
	return Result{Frames: tl.Frames, Duration: tl.Seconds()}, ctx.Err()
}

// blockingRender writes a partial file, reports on started, then waits
// for release (nil: forever) or ctx.
func blockingRender(started chan<- string, release <-chan struct{}) RenderFunc {
	return func(ctx context.Context, p *project.Project, out string, progress func(done, total int)) (Result, error) {
		if err := os.WriteFile(out, []byte("partial"), 0o644); err != nil {
			return Result{}, err
		}
		started <- out
		select {
		case <-ctx.Done():
			return Result{}, ctx.Err()
		case <-release:
		}
		return fakeRender(ctx, p, out, progress)
	}
}

// probe returns ffprobe's stream and format facts of a video.
type probeInfo struct {
	Width, Height int
	Frames        int
	Audio         bool
	Duration      float64
}

func ffprobe(t *testing.T, path string) probeInfo {
	t.Helper()
	out, err := exec.Command("ffprobe", "-v", "error", "-count_frames", "-show_entries",
		"stream=codec_type,width,height,nb_read_frames:format=duration", "-of", "json", path).Output()
	if err != nil {
		t.Fatalf("ffprobe %s: %v", path, err)
	}
	var v struct {
		Streams []struct {
			CodecType    string `json:"codec_type"`
			Width        int    `json:"width"`
			Height       int    `json:"height"`
			NbReadFrames string `json:"nb_read_frames"`
		} `json:"streams"`
		Format struct {
			Duration string `json:"duration"`
		} `json:"format"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("ffprobe output: %v: %s", err, out)
	}
	var pi probeInfo
	for _, s := range v.Streams {
		switch s.CodecType {
		case "video":
			pi.Width, pi.Height = s.Width, s.Height
			pi.Frames, _ = strconv.Atoi(s.NbReadFrames)
		case "audio":
			pi.Audio = true
		}
	}
	pi.Duration, _ = strconv.ParseFloat(v.Format.Duration, 64)
	return pi
}
